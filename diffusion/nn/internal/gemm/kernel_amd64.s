#include "textflag.h"

// AVX2+FMA micro-kernels: C(4×NR) = α·A(4×k)·B(k×NR) + β·C for a run of
// 4-row A panels sharing one B panel. The argument block is kernelArgs
// (kernel_amd64.go).
//
// Registers during the k loop:
//   SI  A pointer (row 0 of step p)   R8  A row stride, R9 = 3·R8
//   BX  B pointer (row p)             R10 A step, R11 B step
//   CX  steps left                    R12 panels left, R13 A panel base
//   DX  C tile base                   DI  argument block
//   Y0..Y2  B[p][0:NR], Y3 broadcast A[r][p], Y4.. accumulators
// For NR = 24 the accumulator of row r, lanes 8v..8v+7 is Y(4+3r+v);
// for NR = 16 it is Y(4+2r+v).

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
#define MASK0 104
#define MASK1 136
#define MASK2 168

#define FLAG_BETA0 1
#define FLAG_TRANS 2
#define FLAG_MASK 4

// One rank-1 update T += A[:,p]·B[p,:] for NR = 24.
#define STEP24 \
	VMOVUPS (BX), Y0; \
	VMOVUPS 32(BX), Y1; \
	VMOVUPS 64(BX), Y2; \
	VBROADCASTSS (SI), Y3; \
	VFMADD231PS Y0, Y3, Y4; \
	VFMADD231PS Y1, Y3, Y5; \
	VFMADD231PS Y2, Y3, Y6; \
	VBROADCASTSS (SI)(R8*1), Y3; \
	VFMADD231PS Y0, Y3, Y7; \
	VFMADD231PS Y1, Y3, Y8; \
	VFMADD231PS Y2, Y3, Y9; \
	VBROADCASTSS (SI)(R8*2), Y3; \
	VFMADD231PS Y0, Y3, Y10; \
	VFMADD231PS Y1, Y3, Y11; \
	VFMADD231PS Y2, Y3, Y12; \
	VBROADCASTSS (SI)(R9*1), Y3; \
	VFMADD231PS Y0, Y3, Y13; \
	VFMADD231PS Y1, Y3, Y14; \
	VFMADD231PS Y2, Y3, Y15; \
	ADDQ R10, SI; \
	ADDQ R11, BX

// One rank-1 update for NR = 16.
#define STEP16 \
	VMOVUPS (BX), Y0; \
	VMOVUPS 32(BX), Y1; \
	VBROADCASTSS (SI), Y2; \
	VBROADCASTSS (SI)(R8*1), Y3; \
	VFMADD231PS Y0, Y2, Y4; \
	VFMADD231PS Y1, Y2, Y5; \
	VFMADD231PS Y0, Y3, Y6; \
	VFMADD231PS Y1, Y3, Y7; \
	VBROADCASTSS (SI)(R8*2), Y2; \
	VBROADCASTSS (SI)(R9*1), Y3; \
	VFMADD231PS Y0, Y2, Y8; \
	VFMADD231PS Y1, Y2, Y9; \
	VFMADD231PS Y0, Y3, Y10; \
	VFMADD231PS Y1, Y3, Y11; \
	ADDQ R10, SI; \
	ADDQ R11, BX

// Row-major stores of one 8-lane accumulator at off(AX); Y0 = α, Y1 = β,
// Y2 scratch, Y3 lane mask.
#define ST0(acc, off) \
	VMULPS Y0, acc, acc; \
	VMOVUPS acc, off(AX)

#define STB(acc, off) \
	VMULPS off(AX), Y1, Y2; \
	VFMADD231PS acc, Y0, Y2; \
	VMOVUPS Y2, off(AX)

#define MST0(acc, off, moff) \
	VMOVDQU moff(DI), Y3; \
	VMULPS Y0, acc, acc; \
	VMASKMOVPS acc, Y3, off(AX)

#define MSTB(acc, off, moff) \
	VMOVDQU moff(DI), Y3; \
	VMASKMOVPS off(AX), Y3, Y2; \
	VMULPS Y2, Y1, Y2; \
	VFMADD231PS acc, Y0, Y2; \
	VMASKMOVPS Y2, Y3, off(AX)

// TRANSPOSE4x8 turns rows r0..r3 (8 lanes each) into 4-float columns held
// as pairs: r3 = columns 0|4, Y0 = 1|5, r1 = 2|6, r0 = 3|7 (low|high 128
// bits). Y0 is scratch.
#define TRANSPOSE4x8(r0, r1, r2, r3) \
	VUNPCKLPS r1, r0, Y0; \
	VUNPCKHPS r1, r0, r0; \
	VUNPCKLPS r3, r2, r1; \
	VUNPCKHPS r3, r2, r2; \
	VSHUFPS $0x44, r1, Y0, r3; \
	VSHUFPS $0xEE, r1, Y0, Y0; \
	VSHUFPS $0x44, r2, r0, r1; \
	VSHUFPS $0xEE, r2, r0, r0

// Column-pair stores for the transposed orientation: low half to lo, high
// half to hi; Y1 = α, Y2 = β, X3 scratch.
#define TCOL0(y, x, lo, hi) \
	VMULPS Y1, y, y; \
	VEXTRACTF128 $1, y, X3; \
	VMOVUPS X3, hi; \
	VMOVUPS x, lo

#define TCOLB(y, x, lo, hi) \
	VMULPS Y1, y, y; \
	VEXTRACTF128 $1, y, X3; \
	VFMADD231PS hi, X2, X3; \
	VMOVUPS X3, hi; \
	VFMADD231PS lo, X2, x; \
	VMOVUPS x, lo

// Eight columns (one accumulator per row) of a transposed tile; AX points at
// column 0 of the group, BX at column 4, R8 = ldc, R9 = 3·ldc. Afterwards
// AX and BX point at the next group.
#define TGROUP0(ya, xa, yb, xb, yc, xc, yd, xd) \
	TRANSPOSE4x8(ya, yb, yc, yd); \
	TCOL0(yd, xd, (AX), (BX)); \
	TCOL0(Y0, X0, (AX)(R8*1), (BX)(R8*1)); \
	TCOL0(yb, xb, (AX)(R8*2), (BX)(R8*2)); \
	TCOL0(ya, xa, (AX)(R9*1), (BX)(R9*1)); \
	LEAQ (BX)(R8*4), AX; \
	LEAQ (AX)(R8*4), BX

#define TGROUPB(ya, xa, yb, xb, yc, xc, yd, xd) \
	TRANSPOSE4x8(ya, yb, yc, yd); \
	TCOLB(yd, xd, (AX), (BX)); \
	TCOLB(Y0, X0, (AX)(R8*1), (BX)(R8*1)); \
	TCOLB(yb, xb, (AX)(R8*2), (BX)(R8*2)); \
	TCOLB(ya, xa, (AX)(R9*1), (BX)(R9*1)); \
	LEAQ (BX)(R8*4), AX; \
	LEAQ (AX)(R8*4), BX

// Load per-panel loop registers.
#define PANEL_SETUP \
	MOVQ R13, SI; \
	MOVQ ARG_B(DI), BX; \
	MOVQ ARG_K(DI), CX; \
	MOVQ ARG_AROW(DI), R8; \
	LEAQ (R8)(R8*2), R9; \
	MOVQ ARG_ASTEP(DI), R10; \
	MOVQ ARG_BSTEP(DI), R11

// Set up the store phase: CX = flags, R8 = ldc, R9 = 3·ldc, AX = C tile.
#define STORE_SETUP \
	MOVQ ARG_FLAGS(DI), CX; \
	MOVQ ARG_LDC(DI), R8; \
	LEAQ (R8)(R8*2), R9; \
	MOVQ DX, AX

// func kern24(args *kernelArgs)
TEXT ·kern24(SB), NOSPLIT, $0-8
	MOVQ args+0(FP), DI
	MOVQ ARG_A(DI), R13
	MOVQ ARG_C(DI), DX
	MOVQ ARG_PANELS(DI), R12

k24panel:
	PANEL_SETUP
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11
	VXORPS Y12, Y12, Y12
	VXORPS Y13, Y13, Y13
	VXORPS Y14, Y14, Y14
	VXORPS Y15, Y15, Y15
	CMPQ CX, $4
	JB   k24tail

k24loop4:
	STEP24
	STEP24
	STEP24
	STEP24
	SUBQ $4, CX
	CMPQ CX, $4
	JAE  k24loop4

k24tail:
	TESTQ CX, CX
	JZ    k24store

k24loop1:
	STEP24
	DECQ CX
	JNZ  k24loop1

k24store:
	STORE_SETUP
	TESTQ $FLAG_TRANS, CX
	JNZ   k24trans
	VBROADCASTSS ARG_ALPHA(DI), Y0
	VBROADCASTSS ARG_BETA(DI), Y1
	TESTQ $FLAG_MASK, CX
	JNZ   k24mask
	TESTQ $FLAG_BETA0, CX
	JZ    k24beta
	ST0(Y4, 0); ST0(Y5, 32); ST0(Y6, 64); ADDQ R8, AX
	ST0(Y7, 0); ST0(Y8, 32); ST0(Y9, 64); ADDQ R8, AX
	ST0(Y10, 0); ST0(Y11, 32); ST0(Y12, 64); ADDQ R8, AX
	ST0(Y13, 0); ST0(Y14, 32); ST0(Y15, 64)
	JMP  k24next

k24beta:
	STB(Y4, 0); STB(Y5, 32); STB(Y6, 64); ADDQ R8, AX
	STB(Y7, 0); STB(Y8, 32); STB(Y9, 64); ADDQ R8, AX
	STB(Y10, 0); STB(Y11, 32); STB(Y12, 64); ADDQ R8, AX
	STB(Y13, 0); STB(Y14, 32); STB(Y15, 64)
	JMP  k24next

k24mask:
	// Width 24 is only used for more than 16 valid columns: lanes 0..15
	// are complete, only the third vector is masked.
	TESTQ $FLAG_BETA0, CX
	JZ    k24maskbeta
	ST0(Y4, 0); ST0(Y5, 32); MST0(Y6, 64, MASK2); ADDQ R8, AX
	ST0(Y7, 0); ST0(Y8, 32); MST0(Y9, 64, MASK2); ADDQ R8, AX
	ST0(Y10, 0); ST0(Y11, 32); MST0(Y12, 64, MASK2); ADDQ R8, AX
	ST0(Y13, 0); ST0(Y14, 32); MST0(Y15, 64, MASK2)
	JMP  k24next

k24maskbeta:
	STB(Y4, 0); STB(Y5, 32); MSTB(Y6, 64, MASK2); ADDQ R8, AX
	STB(Y7, 0); STB(Y8, 32); MSTB(Y9, 64, MASK2); ADDQ R8, AX
	STB(Y10, 0); STB(Y11, 32); MSTB(Y12, 64, MASK2); ADDQ R8, AX
	STB(Y13, 0); STB(Y14, 32); MSTB(Y15, 64, MASK2)
	JMP  k24next

k24trans:
	VBROADCASTSS ARG_ALPHA(DI), Y1
	VBROADCASTSS ARG_BETA(DI), Y2
	LEAQ (AX)(R8*4), BX
	TESTQ $FLAG_BETA0, CX
	JZ    k24transbeta
	TGROUP0(Y4, X4, Y7, X7, Y10, X10, Y13, X13)
	TGROUP0(Y5, X5, Y8, X8, Y11, X11, Y14, X14)
	TGROUP0(Y6, X6, Y9, X9, Y12, X12, Y15, X15)
	JMP  k24next

k24transbeta:
	TGROUPB(Y4, X4, Y7, X7, Y10, X10, Y13, X13)
	TGROUPB(Y5, X5, Y8, X8, Y11, X11, Y14, X14)
	TGROUPB(Y6, X6, Y9, X9, Y12, X12, Y15, X15)

k24next:
	ADDQ ARG_ANEXT(DI), R13
	ADDQ ARG_CNEXT(DI), DX
	DECQ R12
	JNZ  k24panel
	VZEROUPPER
	RET

// func kern16(args *kernelArgs)
TEXT ·kern16(SB), NOSPLIT, $0-8
	MOVQ args+0(FP), DI
	MOVQ ARG_A(DI), R13
	MOVQ ARG_C(DI), DX
	MOVQ ARG_PANELS(DI), R12

k16panel:
	PANEL_SETUP
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11
	CMPQ CX, $4
	JB   k16tail

k16loop4:
	STEP16
	STEP16
	STEP16
	STEP16
	SUBQ $4, CX
	CMPQ CX, $4
	JAE  k16loop4

k16tail:
	TESTQ CX, CX
	JZ    k16store

k16loop1:
	STEP16
	DECQ CX
	JNZ  k16loop1

k16store:
	STORE_SETUP
	TESTQ $FLAG_TRANS, CX
	JNZ   k16trans
	VBROADCASTSS ARG_ALPHA(DI), Y0
	VBROADCASTSS ARG_BETA(DI), Y1
	TESTQ $FLAG_MASK, CX
	JNZ   k16mask
	TESTQ $FLAG_BETA0, CX
	JZ    k16beta
	ST0(Y4, 0); ST0(Y5, 32); ADDQ R8, AX
	ST0(Y6, 0); ST0(Y7, 32); ADDQ R8, AX
	ST0(Y8, 0); ST0(Y9, 32); ADDQ R8, AX
	ST0(Y10, 0); ST0(Y11, 32)
	JMP  k16next

k16beta:
	STB(Y4, 0); STB(Y5, 32); ADDQ R8, AX
	STB(Y6, 0); STB(Y7, 32); ADDQ R8, AX
	STB(Y8, 0); STB(Y9, 32); ADDQ R8, AX
	STB(Y10, 0); STB(Y11, 32)
	JMP  k16next

k16mask:
	TESTQ $FLAG_BETA0, CX
	JZ    k16maskbeta
	MST0(Y4, 0, MASK0); MST0(Y5, 32, MASK1); ADDQ R8, AX
	MST0(Y6, 0, MASK0); MST0(Y7, 32, MASK1); ADDQ R8, AX
	MST0(Y8, 0, MASK0); MST0(Y9, 32, MASK1); ADDQ R8, AX
	MST0(Y10, 0, MASK0); MST0(Y11, 32, MASK1)
	JMP  k16next

k16maskbeta:
	MSTB(Y4, 0, MASK0); MSTB(Y5, 32, MASK1); ADDQ R8, AX
	MSTB(Y6, 0, MASK0); MSTB(Y7, 32, MASK1); ADDQ R8, AX
	MSTB(Y8, 0, MASK0); MSTB(Y9, 32, MASK1); ADDQ R8, AX
	MSTB(Y10, 0, MASK0); MSTB(Y11, 32, MASK1)
	JMP  k16next

k16trans:
	VBROADCASTSS ARG_ALPHA(DI), Y1
	VBROADCASTSS ARG_BETA(DI), Y2
	LEAQ (AX)(R8*4), BX
	TESTQ $FLAG_BETA0, CX
	JZ    k16transbeta
	TGROUP0(Y4, X4, Y6, X6, Y8, X8, Y10, X10)
	TGROUP0(Y5, X5, Y7, X7, Y9, X9, Y11, X11)
	JMP  k16next

k16transbeta:
	TGROUPB(Y4, X4, Y6, X6, Y8, X8, Y10, X10)
	TGROUPB(Y5, X5, Y7, X7, Y9, X9, Y11, X11)

k16next:
	ADDQ ARG_ANEXT(DI), R13
	ADDQ ARG_CNEXT(DI), DX
	DECQ R12
	JNZ  k16panel
	VZEROUPPER
	RET
