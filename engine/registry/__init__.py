"""The retiree registry (退休人员登记): the people, who may see them, how far their hand-over has
come, and the rosters that register them."""
