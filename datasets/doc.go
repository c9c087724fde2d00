// Package datasets holds seeded generators and loaders for the paper's data sets.
package datasets
