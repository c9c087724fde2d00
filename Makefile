# The two commands a newcomer needs (see README.md).
.PHONY: reproduce test bench

# Reproduce the paper's quick experiments and write reports/index.html.
reproduce:
	scripts/reproduce.sh

# Install the test stack (idempotent) and run every test.
test:
	scripts/test.sh

bench:
	go test -run '^$$' -bench . -benchtime 2s ./diffusion/... ./thermo/...
