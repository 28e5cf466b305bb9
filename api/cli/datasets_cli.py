"""`prisoner-counts datasets check`: the curation checks and report of the shipped data."""

from __future__ import annotations

import click
from flask.cli import AppGroup

datasets_group = AppGroup("datasets", help="The shipped data set in datasets/.")


@datasets_group.command("check")
def check_command() -> None:
    """Check every shipped claim and print the curation report; fail on any finding."""
    from datasets.checks import findings, read_shipped, report, summary

    shipped = read_shipped()
    totals = summary(shipped)
    click.echo(", ".join(f"{count} {name}" for name, count in totals.items()))
    for line in report(shipped):
        click.echo(line)
    problems = findings(shipped)
    for problem in problems:
        click.echo(f"FINDING {problem}", err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} curation finding(s)")
    click.echo("checks: no findings")


COMMANDS = (datasets_group,)
