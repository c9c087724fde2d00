// Package diffusion implements diffusion probabilistic models as in Sohl-Dickstein et al. 2015
// (arXiv:1503.03585): forward kernels, schedules, reverse models, the bound K, training,
// sampling and likelihood estimation.
//
// Timestep convention (used everywhere in this package): the paper's t runs 1…T. A Schedule
// stores its tables with index t, so Beta[t] is the paper's β_t and Beta[0] is unused (0);
// AlphaBar[0] = 1. The forward step t maps x^(t−1) to x^(t); the reverse step t maps x^(t) to
// x^(t−1). The last reverse step t = 1 is fixed to the reversal of the first forward step
// (paper eq. 44), so learned reverse steps are t = 2…T.
//
// All bound, entropy and KL arithmetic is float64; networks run in float32.
package diffusion
