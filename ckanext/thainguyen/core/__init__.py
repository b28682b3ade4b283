"""What every feature of ckanext-thainguyen uses.

Nothing here imports a feature (``catalogue``, ``access``, ``contest``,
``science``): features depend on ``core``, never the other way round.
"""
