"""Progress and charts of a project (issue 9): the figures as plain data (:mod:`.figures`, SQL
over the project and its change log), drawn with matplotlib (:mod:`.charts`, imported only when
a chart is drawn) and summarised as Markdown and JSON (:mod:`.summary`). Qt-free: the window's
dialog (``annotator.ui.charts_dialog``) and ``annotator report`` share all of it."""
