"""AppSync's records: the dataclasses its state is made of, and their views (the model's
shapes, as plain dicts holding copies)."""
