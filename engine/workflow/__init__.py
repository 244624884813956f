"""Running the procedures on SpiffWorkflow: definitions and their validation, scripts, cases
(instances) and their serialisation, the runtime, work items and routing, timers, messages,
deadlines, reminders and what a page shows of a case."""
