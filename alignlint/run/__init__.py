"""One run of the linter: configuration, file discovery, the changed set, the analysis
(extract, link, rules, suppressions, order), the fact and result caches, baselines.
"""
