#include "textflag.h"

// AVX-512 micro-kernels: C(8×NR) = α·A(8×k)·B(k×NR) + β·C for a run of
// 8-row A panels sharing one B panel, NR = 32 (kern8x32) or 16 (kern8x16).
// The argument block is zArgs (kernel_avx512_amd64.go). Only AVX512F and
// AVX512VL instructions are used (EVEX-encoded 256-bit operations and
// opmasks on them need VL).
//
// Registers during the k loop:
//   SI  A pointer, rows 0..3 of step p   AX  A pointer, rows 4..7 (SI + 4·R8)
//   R8  A row stride, R9 = 3·R8          R10 A step, R11 B step
//   BX  B pointer (row p)                CX  steps left
//   DX  C tile base                      R12 panels left, R13 A panel base
//   DI  argument block
//   Z0, Z1  B[p][0:16], B[p][16:32]      Z16..Z31 accumulators
//
// kern8x32: the accumulator of row r, lanes 16v..16v+15, is Z(16+2r+v)
// (16 accumulators, 16 FMAs per step). A(r, p) is broadcast into Z(2+r)
// by VBROADCASTSS and feeds two register FMAs: on Zen 5 this runs at the
// FMA peak, while FMAs with {1to16} embedded broadcasts (two per element)
// reach only about 80% of it.
// kern8x16: the accumulator of row r is Z(16+r) for even steps and Z(24+r)
// for odd ones, summed after the loop: eight accumulators alone cannot
// cover the FMA latency. Here each A element feeds a single FMA, and the
// embedded broadcast (VFMADD231PS.BCST) is the faster form.
// Half tiles (flagHalf: at most 4 valid rows) run only rows 0..3 and use
// the registers of rows 4..7 for extra accumulator sets in the same way;
// rows 4..7 of such a tile are never stored.
//
// Stores go through opmasks, so no tile needs a scratch copy:
//   normal orientation (tile row r at C + r·ldc): K1, K2 select the valid
//   lanes of the two 16-lane vectors of a row; only the first `rows` rows
//   are stored. The C tile is prefetched before the k loop.
//   transposed (tile column j at C + j·ldc, 8 contiguous floats): the tile
//   is transposed in registers and column j is stored as one YMM through
//   the row mask tmask[j], which is zero for columns past the edge.
// Masked-off lanes are neither read nor written (and cannot fault).

#define ARG_A 0
#define ARG_B 8
#define ARG_C 16
#define ARG_K 24
#define ARG_AROW 32
#define ARG_ASTEP 40
#define ARG_ANEXT 48
#define ARG_BSTEP 56
#define ARG_LDC 64
#define ARG_CNEXT 72
#define ARG_PANELS 80
#define ARG_FLAGS 88
#define ARG_ALPHA 96
#define ARG_BETA 100
#define ARG_ROWS 104
#define ARG_CMASK0 112
#define ARG_CMASK1 114
#define ARG_TMASK 116

#define FLAG_BETA0 1
#define FLAG_TRANS 2
#define FLAG_HALF 8

// Rank-1 updates T += A[:,p]·B[p,:]. ZSTEP32: all 8 rows; ZSTEP32H and
// ZSTEP32H1: rows 0..3 into the accumulators of rows 0..3 (even steps) or
// of rows 4..7 (odd steps).
#define ZSTEP32 \
	VMOVUPS (BX), Z0; \
	VMOVUPS 64(BX), Z1; \
	VBROADCASTSS (SI), Z2; \
	VFMADD231PS Z2, Z0, Z16; \
	VFMADD231PS Z2, Z1, Z17; \
	VBROADCASTSS (SI)(R8*1), Z3; \
	VFMADD231PS Z3, Z0, Z18; \
	VFMADD231PS Z3, Z1, Z19; \
	VBROADCASTSS (SI)(R8*2), Z4; \
	VFMADD231PS Z4, Z0, Z20; \
	VFMADD231PS Z4, Z1, Z21; \
	VBROADCASTSS (SI)(R9*1), Z5; \
	VFMADD231PS Z5, Z0, Z22; \
	VFMADD231PS Z5, Z1, Z23; \
	VBROADCASTSS (AX), Z6; \
	VFMADD231PS Z6, Z0, Z24; \
	VFMADD231PS Z6, Z1, Z25; \
	VBROADCASTSS (AX)(R8*1), Z7; \
	VFMADD231PS Z7, Z0, Z26; \
	VFMADD231PS Z7, Z1, Z27; \
	VBROADCASTSS (AX)(R8*2), Z8; \
	VFMADD231PS Z8, Z0, Z28; \
	VFMADD231PS Z8, Z1, Z29; \
	VBROADCASTSS (AX)(R9*1), Z9; \
	VFMADD231PS Z9, Z0, Z30; \
	VFMADD231PS Z9, Z1, Z31; \
	ADDQ R10, SI; \
	ADDQ R10, AX; \
	ADDQ R11, BX

#define ZSTEP32H \
	VMOVUPS (BX), Z0; \
	VMOVUPS 64(BX), Z1; \
	VBROADCASTSS (SI), Z2; \
	VFMADD231PS Z2, Z0, Z16; \
	VFMADD231PS Z2, Z1, Z17; \
	VBROADCASTSS (SI)(R8*1), Z3; \
	VFMADD231PS Z3, Z0, Z18; \
	VFMADD231PS Z3, Z1, Z19; \
	VBROADCASTSS (SI)(R8*2), Z4; \
	VFMADD231PS Z4, Z0, Z20; \
	VFMADD231PS Z4, Z1, Z21; \
	VBROADCASTSS (SI)(R9*1), Z5; \
	VFMADD231PS Z5, Z0, Z22; \
	VFMADD231PS Z5, Z1, Z23; \
	ADDQ R10, SI; \
	ADDQ R11, BX

#define ZSTEP32H1 \
	VMOVUPS (BX), Z0; \
	VMOVUPS 64(BX), Z1; \
	VBROADCASTSS (SI), Z2; \
	VFMADD231PS Z2, Z0, Z24; \
	VFMADD231PS Z2, Z1, Z25; \
	VBROADCASTSS (SI)(R8*1), Z3; \
	VFMADD231PS Z3, Z0, Z26; \
	VFMADD231PS Z3, Z1, Z27; \
	VBROADCASTSS (SI)(R8*2), Z4; \
	VFMADD231PS Z4, Z0, Z28; \
	VFMADD231PS Z4, Z1, Z29; \
	VBROADCASTSS (SI)(R9*1), Z5; \
	VFMADD231PS Z5, Z0, Z30; \
	VFMADD231PS Z5, Z1, Z31; \
	ADDQ R10, SI; \
	ADDQ R11, BX

// ZSTEP16, ZSTEP16_1: all 8 rows into set Z16..Z23 (even steps) or
// Z24..Z31 (odd steps). ZSTEP16H..ZSTEP16H3: rows 0..3 into Z16, Z20, Z24
// or Z28 onwards (step p mod 4).
#define ZSTEP16 \
	VMOVUPS (BX), Z0; \
	VFMADD231PS.BCST (SI), Z0, Z16; \
	VFMADD231PS.BCST (SI)(R8*1), Z0, Z17; \
	VFMADD231PS.BCST (SI)(R8*2), Z0, Z18; \
	VFMADD231PS.BCST (SI)(R9*1), Z0, Z19; \
	VFMADD231PS.BCST (AX), Z0, Z20; \
	VFMADD231PS.BCST (AX)(R8*1), Z0, Z21; \
	VFMADD231PS.BCST (AX)(R8*2), Z0, Z22; \
	VFMADD231PS.BCST (AX)(R9*1), Z0, Z23; \
	ADDQ R10, SI; \
	ADDQ R10, AX; \
	ADDQ R11, BX

#define ZSTEP16_1 \
	VMOVUPS (BX), Z0; \
	VFMADD231PS.BCST (SI), Z0, Z24; \
	VFMADD231PS.BCST (SI)(R8*1), Z0, Z25; \
	VFMADD231PS.BCST (SI)(R8*2), Z0, Z26; \
	VFMADD231PS.BCST (SI)(R9*1), Z0, Z27; \
	VFMADD231PS.BCST (AX), Z0, Z28; \
	VFMADD231PS.BCST (AX)(R8*1), Z0, Z29; \
	VFMADD231PS.BCST (AX)(R8*2), Z0, Z30; \
	VFMADD231PS.BCST (AX)(R9*1), Z0, Z31; \
	ADDQ R10, SI; \
	ADDQ R10, AX; \
	ADDQ R11, BX

#define ZSTEP16H \
	VMOVUPS (BX), Z0; \
	VFMADD231PS.BCST (SI), Z0, Z16; \
	VFMADD231PS.BCST (SI)(R8*1), Z0, Z17; \
	VFMADD231PS.BCST (SI)(R8*2), Z0, Z18; \
	VFMADD231PS.BCST (SI)(R9*1), Z0, Z19; \
	ADDQ R10, SI; \
	ADDQ R11, BX

#define ZSTEP16H1 \
	VMOVUPS (BX), Z0; \
	VFMADD231PS.BCST (SI), Z0, Z20; \
	VFMADD231PS.BCST (SI)(R8*1), Z0, Z21; \
	VFMADD231PS.BCST (SI)(R8*2), Z0, Z22; \
	VFMADD231PS.BCST (SI)(R9*1), Z0, Z23; \
	ADDQ R10, SI; \
	ADDQ R11, BX

#define ZSTEP16H2 \
	VMOVUPS (BX), Z0; \
	VFMADD231PS.BCST (SI), Z0, Z24; \
	VFMADD231PS.BCST (SI)(R8*1), Z0, Z25; \
	VFMADD231PS.BCST (SI)(R8*2), Z0, Z26; \
	VFMADD231PS.BCST (SI)(R9*1), Z0, Z27; \
	ADDQ R10, SI; \
	ADDQ R11, BX

#define ZSTEP16H3 \
	VMOVUPS (BX), Z0; \
	VFMADD231PS.BCST (SI), Z0, Z28; \
	VFMADD231PS.BCST (SI)(R8*1), Z0, Z29; \
	VFMADD231PS.BCST (SI)(R8*2), Z0, Z30; \
	VFMADD231PS.BCST (SI)(R9*1), Z0, Z31; \
	ADDQ R10, SI; \
	ADDQ R11, BX

// The k loop of one panel: unrolled by 4 (steps S0..S3, which may update
// different accumulator sets), then single S0 steps. CX = k ≥ 1.
#define KLOOP(S0, S1, S2, S3, loop4, tail, loop1, done) \
	CMPQ CX, $4; \
	JB   tail; \
loop4: \
	S0; \
	S1; \
	S2; \
	S3; \
	SUBQ $4, CX; \
	CMPQ CX, $4; \
	JAE  loop4; \
tail: \
	TESTQ CX, CX; \
	JZ    done; \
loop1: \
	S0; \
	DECQ CX; \
	JNZ  loop1

// Prefetch the C tile of the normal orientation, 8 rows at DX, stride
// ldc, whose last byte in a row is at offset last (127 or 63), so that its
// loads and stores after the k loop hit L1. Clobbers AX, R8. Rows past the
// valid ones are prefetched too, which is harmless (prefetches never fault
// nor change memory).
#define ZPREFETCHC(last) \
	MOVQ ARG_LDC(DI), R8; \
	MOVQ DX, AX; \
	PREFETCHT0 (AX); \
	PREFETCHT0 last(AX); \
	PREFETCHT0 (AX)(R8*1); \
	PREFETCHT0 last(AX)(R8*1); \
	PREFETCHT0 (AX)(R8*2); \
	PREFETCHT0 last(AX)(R8*2); \
	LEAQ (AX)(R8*2), AX; \
	PREFETCHT0 (AX)(R8*1); \
	PREFETCHT0 last(AX)(R8*1); \
	PREFETCHT0 (AX)(R8*2); \
	PREFETCHT0 last(AX)(R8*2); \
	LEAQ (AX)(R8*2), AX; \
	PREFETCHT0 (AX)(R8*1); \
	PREFETCHT0 last(AX)(R8*1); \
	PREFETCHT0 (AX)(R8*2); \
	PREFETCHT0 last(AX)(R8*2); \
	LEAQ (AX)(R8*2), AX; \
	PREFETCHT0 (AX)(R8*1); \
	PREFETCHT0 last(AX)(R8*1)

// Load per-panel loop registers.
#define PANEL_SETUP \
	MOVQ R13, SI; \
	MOVQ ARG_B(DI), BX; \
	MOVQ ARG_K(DI), CX; \
	MOVQ ARG_AROW(DI), R8; \
	LEAQ (R8)(R8*2), R9; \
	LEAQ (SI)(R8*4), AX; \
	MOVQ ARG_ASTEP(DI), R10; \
	MOVQ ARG_BSTEP(DI), R11

// Normal-orientation row stores at AX (Z2 = α, Z3 = β, Z4, Z5 scratch,
// K1, K2 lane masks); CX counts the rows left, AX steps by R8 = ldc, and
// the macro jumps to done after the last valid row.
#define ZROW0W(a0, a1, done) \
	VMULPS Z2, a0, a0; \
	VMULPS Z2, a1, a1; \
	VMOVUPS a0, K1, (AX); \
	VMOVUPS a1, K2, 64(AX); \
	ADDQ R8, AX; \
	DECQ CX; \
	JZ   done

#define ZROWBW(a0, a1, done) \
	VMOVUPS.Z (AX), K1, Z4; \
	VMOVUPS.Z 64(AX), K2, Z5; \
	VMULPS Z3, Z4, Z4; \
	VMULPS Z3, Z5, Z5; \
	VFMADD231PS a0, Z2, Z4; \
	VFMADD231PS a1, Z2, Z5; \
	VMOVUPS Z4, K1, (AX); \
	VMOVUPS Z5, K2, 64(AX); \
	ADDQ R8, AX; \
	DECQ CX; \
	JZ   done

#define ZROW0N(a0, done) \
	VMULPS Z2, a0, a0; \
	VMOVUPS a0, K1, (AX); \
	ADDQ R8, AX; \
	DECQ CX; \
	JZ   done

#define ZROWBN(a0, done) \
	VMOVUPS.Z (AX), K1, Z4; \
	VMULPS Z3, Z4, Z4; \
	VFMADD231PS a0, Z2, Z4; \
	VMOVUPS Z4, K1, (AX); \
	ADDQ R8, AX; \
	DECQ CX; \
	JZ   done

// ZTR4 transposes the 4×4 blocks of rows a..d within each 128-bit lane L:
// afterwards lane L of a, b, c, d holds column 4L+0, 4L+1, 4L+2, 4L+3 of
// the four rows. Z4..Z7 scratch.
#define ZTR4(a, b, c, d) \
	VUNPCKLPS b, a, Z4; \
	VUNPCKHPS b, a, Z5; \
	VUNPCKLPS d, c, Z6; \
	VUNPCKHPS d, c, Z7; \
	VSHUFPS $0x44, Z6, Z4, a; \
	VSHUFPS $0xEE, Z6, Z4, b; \
	VSHUFPS $0x44, Z7, Z5, c; \
	VSHUFPS $0xEE, Z7, Z5, d

// One transposed column store (8 floats, already scaled by α) through the
// row mask at m(R11); Y3 = β, Y12 scratch.
#define TST0(y, addr, m) \
	KMOVW m(R11), K3; \
	VMOVUPS y, K3, addr

#define TSTB(y, addr, m) \
	KMOVW m(R11), K3; \
	VMOVUPS.Z addr, K3, Y12; \
	VFMADD231PS Y12, Y3, y; \
	VMOVUPS y, K3, addr

// ZCOL4 joins t (rows 0..3) and u (rows 4..7), both after ZTR4, into the
// four 8-row columns c, 4+c, 8+c, 12+c and stores them with ST. Z8..Z11
// scratch.
#define ZCOL4(ST, t, u, a0, a1, a2, a3, m0, m1, m2, m3) \
	VSHUFF32X4 $0x44, u, t, Z8; \
	VSHUFF32X4 $0xEE, u, t, Z9; \
	VSHUFF32X4 $0xD8, Z8, Z8, Z8; \
	VSHUFF32X4 $0xD8, Z9, Z9, Z9; \
	VEXTRACTF64X4 $1, Z8, Y10; \
	VEXTRACTF64X4 $1, Z9, Y11; \
	ST(Y8, a0, m0); \
	ST(Y10, a1, m1); \
	ST(Y9, a2, m2); \
	ST(Y11, a3, m3)

// ZTGROUP stores the 16 columns held by rows r0..r7 (one 16-lane vector
// each) of a transposed tile. AX, BX, SI, R10 point at columns 0, 4, 8,
// 12 of the group, R8 = ldc, R9 = 3·ldc, R11 at the group's row masks.
#define ZTGROUP(ST, r0, r1, r2, r3, r4, r5, r6, r7) \
	ZTR4(r0, r1, r2, r3); \
	ZTR4(r4, r5, r6, r7); \
	ZCOL4(ST, r0, r4, (AX), (BX), (SI), (R10), 0, 8, 16, 24); \
	ZCOL4(ST, r1, r5, (AX)(R8*1), (BX)(R8*1), (SI)(R8*1), (R10)(R8*1), 2, 10, 18, 26); \
	ZCOL4(ST, r2, r6, (AX)(R8*2), (BX)(R8*2), (SI)(R8*2), (R10)(R8*2), 4, 12, 20, 28); \
	ZCOL4(ST, r3, r7, (AX)(R9*1), (BX)(R9*1), (SI)(R9*1), (R10)(R9*1), 6, 14, 22, 30)

// Set up the transposed store of a group starting at column AX.
#define ZTSETUP \
	LEAQ (AX)(R8*4), BX; \
	LEAQ (BX)(R8*4), SI; \
	LEAQ (SI)(R8*4), R10

// Advance the transposed store pointers by 16 columns.
#define ZTNEXT \
	LEAQ (R10)(R8*4), AX; \
	ZTSETUP; \
	ADDQ $32, R11

// Common start of the store phase: Z2 = α, Z3 = β, CX = flags, R8 = ldc,
// AX = C tile.
#define STORE_SETUP \
	VBROADCASTSS ARG_ALPHA(DI), Z2; \
	VBROADCASTSS ARG_BETA(DI), Z3; \
	MOVQ ARG_FLAGS(DI), CX; \
	MOVQ ARG_LDC(DI), R8; \
	MOVQ DX, AX

// func kern8x32(args *zArgs)
TEXT ·kern8x32(SB), NOSPLIT, $0-8
	MOVQ  args+0(FP), DI
	MOVQ  ARG_A(DI), R13
	MOVQ  ARG_C(DI), DX
	MOVQ  ARG_PANELS(DI), R12
	KMOVW ARG_CMASK0(DI), K1
	KMOVW ARG_CMASK1(DI), K2

z32panel:
	TESTQ $FLAG_TRANS, ARG_FLAGS(DI)
	JNZ   z32nopf
	ZPREFETCHC(127)

z32nopf:
	PANEL_SETUP
	VPXORD Z16, Z16, Z16
	VPXORD Z17, Z17, Z17
	VPXORD Z18, Z18, Z18
	VPXORD Z19, Z19, Z19
	VPXORD Z20, Z20, Z20
	VPXORD Z21, Z21, Z21
	VPXORD Z22, Z22, Z22
	VPXORD Z23, Z23, Z23
	VPXORD Z24, Z24, Z24
	VPXORD Z25, Z25, Z25
	VPXORD Z26, Z26, Z26
	VPXORD Z27, Z27, Z27
	VPXORD Z28, Z28, Z28
	VPXORD Z29, Z29, Z29
	VPXORD Z30, Z30, Z30
	VPXORD Z31, Z31, Z31
	TESTQ $FLAG_HALF, ARG_FLAGS(DI)
	JNZ   z32half
	KLOOP(ZSTEP32, ZSTEP32, ZSTEP32, ZSTEP32, z32loop4, z32tail, z32loop1, z32store)
	JMP   z32store

z32half:
	KLOOP(ZSTEP32H, ZSTEP32H1, ZSTEP32H, ZSTEP32H1, z32hloop4, z32htail, z32hloop1, z32hsum)

z32hsum:
	// Fold the odd-step accumulators (rows 4..7 registers) into rows 0..3.
	VADDPS Z24, Z16, Z16
	VADDPS Z25, Z17, Z17
	VADDPS Z26, Z18, Z18
	VADDPS Z27, Z19, Z19
	VADDPS Z28, Z20, Z20
	VADDPS Z29, Z21, Z21
	VADDPS Z30, Z22, Z22
	VADDPS Z31, Z23, Z23

z32store:
	STORE_SETUP
	TESTQ $FLAG_TRANS, CX
	JNZ   z32trans
	TESTQ $FLAG_BETA0, CX
	MOVQ  ARG_ROWS(DI), CX // MOVQ leaves the flags alone
	JZ    z32beta
	ZROW0W(Z16, Z17, z32next)
	ZROW0W(Z18, Z19, z32next)
	ZROW0W(Z20, Z21, z32next)
	ZROW0W(Z22, Z23, z32next)
	ZROW0W(Z24, Z25, z32next)
	ZROW0W(Z26, Z27, z32next)
	ZROW0W(Z28, Z29, z32next)
	ZROW0W(Z30, Z31, z32next)
	JMP   z32next

z32beta:
	ZROWBW(Z16, Z17, z32next)
	ZROWBW(Z18, Z19, z32next)
	ZROWBW(Z20, Z21, z32next)
	ZROWBW(Z22, Z23, z32next)
	ZROWBW(Z24, Z25, z32next)
	ZROWBW(Z26, Z27, z32next)
	ZROWBW(Z28, Z29, z32next)
	ZROWBW(Z30, Z31, z32next)
	JMP   z32next

z32trans:
	LEAQ   (R8)(R8*2), R9
	LEAQ   ARG_TMASK(DI), R11
	ZTSETUP
	VMULPS Z2, Z16, Z16
	VMULPS Z2, Z17, Z17
	VMULPS Z2, Z18, Z18
	VMULPS Z2, Z19, Z19
	VMULPS Z2, Z20, Z20
	VMULPS Z2, Z21, Z21
	VMULPS Z2, Z22, Z22
	VMULPS Z2, Z23, Z23
	VMULPS Z2, Z24, Z24
	VMULPS Z2, Z25, Z25
	VMULPS Z2, Z26, Z26
	VMULPS Z2, Z27, Z27
	VMULPS Z2, Z28, Z28
	VMULPS Z2, Z29, Z29
	VMULPS Z2, Z30, Z30
	VMULPS Z2, Z31, Z31
	TESTQ  $FLAG_BETA0, CX
	JZ     z32transbeta
	ZTGROUP(TST0, Z16, Z18, Z20, Z22, Z24, Z26, Z28, Z30)
	ZTNEXT
	ZTGROUP(TST0, Z17, Z19, Z21, Z23, Z25, Z27, Z29, Z31)
	JMP    z32next

z32transbeta:
	ZTGROUP(TSTB, Z16, Z18, Z20, Z22, Z24, Z26, Z28, Z30)
	ZTNEXT
	ZTGROUP(TSTB, Z17, Z19, Z21, Z23, Z25, Z27, Z29, Z31)

z32next:
	ADDQ ARG_ANEXT(DI), R13
	ADDQ ARG_CNEXT(DI), DX
	DECQ R12
	JNZ  z32panel
	VZEROUPPER
	RET

// func kern8x16(args *zArgs)
TEXT ·kern8x16(SB), NOSPLIT, $0-8
	MOVQ  args+0(FP), DI
	MOVQ  ARG_A(DI), R13
	MOVQ  ARG_C(DI), DX
	MOVQ  ARG_PANELS(DI), R12
	KMOVW ARG_CMASK0(DI), K1

z16panel:
	TESTQ $FLAG_TRANS, ARG_FLAGS(DI)
	JNZ   z16nopf
	ZPREFETCHC(63)

z16nopf:
	PANEL_SETUP
	VPXORD Z16, Z16, Z16
	VPXORD Z17, Z17, Z17
	VPXORD Z18, Z18, Z18
	VPXORD Z19, Z19, Z19
	VPXORD Z20, Z20, Z20
	VPXORD Z21, Z21, Z21
	VPXORD Z22, Z22, Z22
	VPXORD Z23, Z23, Z23
	VPXORD Z24, Z24, Z24
	VPXORD Z25, Z25, Z25
	VPXORD Z26, Z26, Z26
	VPXORD Z27, Z27, Z27
	VPXORD Z28, Z28, Z28
	VPXORD Z29, Z29, Z29
	VPXORD Z30, Z30, Z30
	VPXORD Z31, Z31, Z31
	TESTQ  $FLAG_HALF, ARG_FLAGS(DI)
	JNZ    z16half
	KLOOP(ZSTEP16, ZSTEP16_1, ZSTEP16, ZSTEP16_1, z16loop4, z16tail, z16loop1, z16sum)

z16sum:
	// Fold the odd-step accumulators Z24..Z31 into Z16..Z23.
	VADDPS Z24, Z16, Z16
	VADDPS Z25, Z17, Z17
	VADDPS Z26, Z18, Z18
	VADDPS Z27, Z19, Z19
	VADDPS Z28, Z20, Z20
	VADDPS Z29, Z21, Z21
	VADDPS Z30, Z22, Z22
	VADDPS Z31, Z23, Z23
	JMP    z16store

z16half:
	KLOOP(ZSTEP16H, ZSTEP16H1, ZSTEP16H2, ZSTEP16H3, z16hloop4, z16htail, z16hloop1, z16hsum)

z16hsum:
	// Fold the accumulator sets of steps 4i+1..4i+3 into Z16..Z19.
	VADDPS Z20, Z16, Z16
	VADDPS Z21, Z17, Z17
	VADDPS Z22, Z18, Z18
	VADDPS Z23, Z19, Z19
	VADDPS Z28, Z24, Z24
	VADDPS Z29, Z25, Z25
	VADDPS Z30, Z26, Z26
	VADDPS Z31, Z27, Z27
	VADDPS Z24, Z16, Z16
	VADDPS Z25, Z17, Z17
	VADDPS Z26, Z18, Z18
	VADDPS Z27, Z19, Z19

z16store:
	STORE_SETUP
	TESTQ $FLAG_TRANS, CX
	JNZ   z16trans
	TESTQ $FLAG_BETA0, CX
	MOVQ  ARG_ROWS(DI), CX // MOVQ leaves the flags alone
	JZ    z16beta
	ZROW0N(Z16, z16next)
	ZROW0N(Z17, z16next)
	ZROW0N(Z18, z16next)
	ZROW0N(Z19, z16next)
	ZROW0N(Z20, z16next)
	ZROW0N(Z21, z16next)
	ZROW0N(Z22, z16next)
	ZROW0N(Z23, z16next)
	JMP   z16next

z16beta:
	ZROWBN(Z16, z16next)
	ZROWBN(Z17, z16next)
	ZROWBN(Z18, z16next)
	ZROWBN(Z19, z16next)
	ZROWBN(Z20, z16next)
	ZROWBN(Z21, z16next)
	ZROWBN(Z22, z16next)
	ZROWBN(Z23, z16next)
	JMP   z16next

z16trans:
	LEAQ   (R8)(R8*2), R9
	LEAQ   ARG_TMASK(DI), R11
	ZTSETUP
	VMULPS Z2, Z16, Z16
	VMULPS Z2, Z17, Z17
	VMULPS Z2, Z18, Z18
	VMULPS Z2, Z19, Z19
	VMULPS Z2, Z20, Z20
	VMULPS Z2, Z21, Z21
	VMULPS Z2, Z22, Z22
	VMULPS Z2, Z23, Z23
	TESTQ  $FLAG_BETA0, CX
	JZ     z16transbeta
	ZTGROUP(TST0, Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23)
	JMP    z16next

z16transbeta:
	ZTGROUP(TSTB, Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23)

z16next:
	ADDQ ARG_ANEXT(DI), R13
	ADDQ ARG_CNEXT(DI), DX
	DECQ R12
	JNZ  z16panel
	VZEROUPPER
	RET
