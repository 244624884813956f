"""移交后服务 — what the streets and communities do for the retirees once they are theirs (seed
section 四): death reports and survivors' grants, yearly pension qualification certification,
visits, information changes and transfers, new retirees after the hand-over, and the people a
community records without their being handed over (离休干部, 省管干部).

The procedures are BPMN in processes/ like the hand-over's; what completing their tasks records
is declared per task (``engine.procedures.Step.record``) and done by ``records.LISTENER``."""
