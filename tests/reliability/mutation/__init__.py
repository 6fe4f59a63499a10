"""Mutation testing of alignlint: inject one misalignment into a pipeline library, require a finding.

``library`` loads a library and maps ``ast`` positions to text offsets, ``operators`` enumerates
the mutants (precise span rewrites), ``verdict`` lints each mutant in-process and decides whether a
new finding sits at the mutated spot, ``report`` prints the kill-rate table.
"""
