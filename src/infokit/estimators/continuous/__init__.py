"""The continuous engine: differential entropy, mutual information, conditional MI and KL.

kNN (`neighbors`, on the search of `infokit.estimators.knn`), spacing, Gaussian and copula,
and mixed estimators, with the sample conversion, tie handling and standard errors they share.
Each entry point takes the samples and one checked `infokit.estimators._options.Options`; the
public functions are the front ends in `infokit.estimators`.
"""
