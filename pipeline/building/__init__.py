"""Building: read every source, then run each writer in the order their declarations give (here, in processes or on Dask)."""
