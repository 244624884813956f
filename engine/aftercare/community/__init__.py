"""A community's own page and the people it records without their being handed over."""
