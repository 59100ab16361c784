"""Settings-page fields made from the settings' declarations (wristcare/setting.py):
the label, tooltip, range, unit and length of each field are the declaration's, so a
page never types them again."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum

from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QWidget

from wristcare.gui.widgets.fields import FieldForm, LimitedTextEdit
from wristcare.setting import Setting, declaration


def widget_for(spec: Setting, choices: Mapping[Enum, str] | None = None) -> QWidget:
    """The usual editor of a setting's kind: a spin box for a whole number, a drop-down
    for a choice (``choices``: value -> label), a one-line box for anything else."""
    if isinstance(spec.default, Enum):
        box = QComboBox()
        for value, label in (choices or {}).items():
            box.addItem(label, str(value.value))
        return box
    if isinstance(spec.default, int):
        return QSpinBox()
    return QLineEdit()


def add_setting(
    form: FieldForm,
    owner: type,
    name: str,
    widget: QWidget | None = None,
    *,
    key: str = "",
    choices: Mapping[Enum, str] | None = None,
) -> QWidget:
    """Add the declared setting ``owner.name`` to ``form`` under ``key`` (the field name
    unless given: where the settings' problems are reported), in ``widget`` or the usual
    editor of its kind, and return the editor."""
    spec = declaration(owner, name)
    editor = widget if widget is not None else widget_for(spec, choices)
    if isinstance(editor, QSpinBox):
        editor.setRange(spec.low, spec.high)
        editor.setSuffix(spec.unit)
    elif spec.max_length is not None and isinstance(editor, QLineEdit):
        editor.setMaxLength(spec.max_length)
    elif spec.max_length is not None and isinstance(editor, LimitedTextEdit):
        editor.limit = spec.max_length
    if spec.help:
        editor.setToolTip(spec.help)
    return form.add(key or name, spec.label, editor)
