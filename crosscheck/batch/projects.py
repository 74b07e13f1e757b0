"""Each document's settings in a batch, chosen as ``check`` chooses them for one report.

    DocumentSettings(project, options)   --config and --baseline read now: a bad one stops
                                         the run before any document is read
    settings.resolve(tasks)              -> each task with its Settings and its baseline's
                                         entries, or a failed Outcome for a document whose
                                         project file (or the baseline it names) is bad

A document's settings are its crosscheck.toml (found upwards from its folder, the one
``--config`` names, or none with ``--no-config``) with the command line's flags over it,
key by key (``crosscheck.project.settings_from``). A project file that cannot be used fails
the documents it governs with the line ``check`` would print, and the run goes on with the
others: one mistyped key in one county's folder must not stop a thousand reports, nor let
that county's reports pass as clean.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from crosscheck.batch.document import failed_outcome, one_line
from crosscheck.batch.model import CheckOptions, Outcome, ProjectOptions, Task
from crosscheck.errors import ConfigError


class DocumentSettings:
    """The settings of each document of a run (see the module docstring)."""

    def __init__(self, project: ProjectOptions, options: CheckOptions) -> None:
        from crosscheck.baseline import BaselineFiles
        from crosscheck.project import ProjectFiles

        self.project = project
        self.options = options
        # Named on the command line: read now, and a bad one is the whole run's error.
        self.files = ProjectFiles(project.config, read=project.read_config)
        self.baselines = BaselineFiles(project.write_baseline)
        if project.baseline is not None and project.read_baseline:
            self.baselines.get(project.baseline)

    def of(self, task: Task) -> Task:
        """``task`` with its settings and its baseline's entries; :class:`ConfigError` when
        its project file, or the baseline that file names, cannot be used."""
        from crosscheck.project import settings_from

        chosen = settings_from(
            self.files.of(task.path),
            select=self.options.select,
            ignore=self.options.ignore,
            baseline=self.project.baseline,
            use_baseline=self.project.read_baseline,
            fail_on=self.project.fail_on,
        )
        known = None
        if chosen.baseline is not None:
            known = self.baselines.known_for(chosen.baseline, task.path)
        return replace(task, settings=chosen, known=known)

    def resolve(self, tasks: Iterable[Task]) -> tuple[list[Task], list[Outcome]]:
        """Every task with its settings (in order; a refused one as it was), and an error
        outcome for each document whose settings cannot be had."""
        resolved: list[Task] = []
        refused: list[Outcome] = []
        for task in tasks:
            try:
                resolved.append(self.of(task))
            except ConfigError as error:
                resolved.append(task)
                message = one_line(error, self.options.lang)
                refused.append(failed_outcome(task, type(error).__name__, message))
        return resolved, refused
