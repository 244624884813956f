"""Field descriptors: what a page needs to render a form, read from its schema and ``x-ui`` hints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .messages import label

#: widgets a form may ask for in ``x-ui.widgets``; a field without one is a one-line text box
WIDGETS = ("text", "textarea", "date", "checkbox", "select", "table", "number", "phone", "organisation")


@dataclass(frozen=True)
class Field:
    """One field of a form, or one column of a table field (``items``)."""

    name: str
    title: str
    type: str
    widget: str = "text"
    required: bool = False
    description: str | None = None
    placeholder: str | None = None
    #: (stored value, Chinese label) for a select; for a multiple select (``type == "array"``)
    #: the values of its items
    enum: tuple[tuple[Any, str], ...] = ()
    #: the columns of a table (an array of objects)
    items: tuple[Field, ...] = ()
    #: for the ``organisation`` widget: the kind (role code) of organisation to choose from
    organisation_kind: str | None = None

    @property
    def multiple(self) -> bool:
        """A select of several values (an array of enum values)."""
        return self.type == "array" and bool(self.enum)


def fields_of(schema: dict[str, Any]) -> tuple[Field, ...]:
    """The fields of an object schema, in ``x-ui.order`` (then any the order forgets)."""
    properties = schema.get("properties", {})
    ui = schema.get("x-ui", {})
    order = [name for name in ui.get("order", []) if name in properties]
    order += [name for name in properties if name not in order]
    required = set(schema.get("required", []))
    return tuple(_field(name, properties[name], ui, name in required) for name in order)


def _field(name: str, prop: dict[str, Any], ui: dict[str, Any], required: bool) -> Field:
    items = prop.get("items", {})
    choices = prop.get("enum") or items.get("enum") or ()
    labelled_by = prop if "enum" in prop else items
    return Field(
        name=name,
        title=prop.get("title", name),
        type=prop.get("type", "string"),
        widget=ui.get("widgets", {}).get(name, "text"),
        required=required,
        description=prop.get("description"),
        placeholder=ui.get("placeholders", {}).get(name),
        enum=tuple((value, label(labelled_by, value)) for value in choices),
        items=fields_of(items) if items.get("type") == "object" else (),
        organisation_kind=prop.get("x-ui", {}).get("organisation_kind"),
    )
