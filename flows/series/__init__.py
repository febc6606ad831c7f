"""Tables built across reports: each region's series (one value per indicator, measure, kind and
year) and each annual target beside its outcome from a later report."""
