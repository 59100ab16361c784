"""The box where a point is typed: a code, alias, pinyin or characters, with completion
from the library; Enter adds it, or says under the box why it cannot."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLabel, QLineEdit, QWidget

from wristcare.clinic.acupoints import PointInfo
from wristcare.errors import WristCareError
from wristcare.gui.widgets.fields import named

ADD_POINT_KEYS = "Ctrl+Shift+P"


class PointEntry(QLineEdit):
    """Emits ``chosen`` with the point's code when Enter is pressed on what the library
    knows ("PC7", "Daling", "大陵", or a completion "PC7  Daling 大陵"), then empties.

    What it cannot resolve is said in ``problem``, a label the owner lays out under the
    box, followed by ``hint`` (what else the practitioner may do).
    """

    chosen = Signal(str)

    def __init__(
        self,
        resolve: Callable[[str], PointInfo],
        *,
        hint: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._resolve = resolve
        self._hint = hint
        self.setPlaceholderText(
            f"Add a point: code, pinyin or characters, Enter ({ADD_POINT_KEYS})"
        )
        named(self, "Add point")
        self.completions = QStringListModel(self)
        completer = QCompleter(self.completions, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompleter(completer)
        self.problem = QLabel()
        self.problem.setProperty("role", "error")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Point problem")
        self.problem.hide()
        self.returnPressed.connect(self._entered)

    def set_library(self, points: list[PointInfo]) -> None:
        """What the completer offers ("PC7  Daling 大陵")."""
        self.completions.setStringList(
            [f"{p.code}  {p.pinyin} {p.hanzi_traditional}".strip() for p in points]
        )

    def typed_code(self) -> str | None:
        """The code of the point typed; None if the box is empty or (said in ``problem``)
        the library does not know it."""
        text = self.text().strip()
        if not text:
            return None
        # A completion reads "PC7  Daling 大陵": its first word is the code.
        for candidate in (text, text.split()[0]):
            try:
                return self._resolve(candidate).code
            except WristCareError as error:
                message = error.message
        self.show_problem(f"{message}{self._hint}")
        return None

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def _entered(self) -> None:
        code = self.typed_code()
        if code is None:
            return
        self.show_problem("")
        self.chosen.emit(code)
        self.clear()
        self.completer().popup().hide()
