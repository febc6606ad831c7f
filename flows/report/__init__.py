"""The per-report pass: one report's document (flows.parse) handed to the extractors
(flows.extract, flows.places), and the reports' rows assembled into tables.

Layering, bottom up: ``flows.parse`` reads and structures a document and imports no
extractor; ``flows.extract`` and ``flows.places`` find facts in it; this package runs both
for a report; ``flows.pipeline`` and ``flows.publish`` sit above.
"""
