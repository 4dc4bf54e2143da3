# SPDX-License-Identifier: BSD-2-Clause
# The Frama-C WP targets, included by the Makefile (proofs/README.md).

# Every function of src/, every goal; proofs/results/summary.json is the record.
prove:
	@scripts/need gcc frama-c-base why3 z3 cvc4
	sh proofs/prove.sh

# The same, with the smoke tests of the code besides those of the contracts
# (which make prove runs): no dead branch, call or loop either.
prove-smoke:
	@scripts/need gcc frama-c-base why3 z3 cvc4
	TCPFSM_WP_SMOKE=all sh proofs/prove.sh

# The mutation check (proofs/mutants/README.md): each bug of
# proofs/mutants/list proven in a copy of HEAD, one at a time (hours).
# make prove-mutants IDS="rtt-karn-ignored src/core/wscale.c" MUTANTS=my.list
prove-mutants:
	@scripts/need gcc frama-c-base why3 z3 cvc4
	sh proofs/mutants/run.sh $(IDS)
