#include "textflag.h"

// func axpyAVX2(a float32, x, y []float32)
// y += a·x over len(x) (a multiple of 4) values: VMULPS then VADDPS, as the Go loop; eight
// at a time, then a last four.
TEXT ·axpyAVX2(SB), NOSPLIT, $0-56
	VBROADCASTSS a+0(FP), Y0
	MOVQ x_base+8(FP), SI
	MOVQ x_len+16(FP), CX
	MOVQ y_base+32(FP), DI
	MOVQ CX, DX
	SHRQ $3, CX
	JZ   axpytail
axpyloop:
	VMULPS  (SI), Y0, Y1
	VADDPS  (DI), Y1, Y1
	VMOVUPS Y1, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     axpyloop
axpytail:
	TESTQ $4, DX
	JZ    axpydone
	VMULPS  (SI), X0, X1
	VADDPS  (DI), X1, X1
	VMOVUPS X1, (DI)
axpydone:
	VZEROUPPER
	RET

// func axpyDotAVX2(a float32, d, g, w []float32) float32
// g += a·d and returns Σ w·d over len(d) (a multiple of 4) values, in eight lane sums (the
// last four values into the low four).
TEXT ·axpyDotAVX2(SB), NOSPLIT, $0-84
	VBROADCASTSS a+0(FP), Y0
	MOVQ d_base+8(FP), SI
	MOVQ d_len+16(FP), CX
	MOVQ g_base+32(FP), DI
	MOVQ w_base+56(FP), R8
	VXORPS Y2, Y2, Y2
	MOVQ CX, DX
	SHRQ $3, CX
	JZ   adtail
adloop:
	VMOVUPS (SI), Y1
	VMULPS  Y1, Y0, Y3
	VADDPS  (DI), Y3, Y3
	VMOVUPS Y3, (DI)
	VMULPS  (R8), Y1, Y4
	VADDPS  Y4, Y2, Y2
	ADDQ    $32, SI
	ADDQ    $32, DI
	ADDQ    $32, R8
	DECQ    CX
	JNZ     adloop
adtail:
	VEXTRACTF128 $1, Y2, X3
	VADDPS  X3, X2, X2
	TESTQ $4, DX
	JZ    adreduce
	VMOVUPS (SI), X1
	VMULPS  X1, X0, X3
	VADDPS  (DI), X3, X3
	VMOVUPS X3, (DI)
	VMULPS  (R8), X1, X4
	VADDPS  X4, X2, X2
adreduce:
	VHADDPS X2, X2, X2
	VHADDPS X2, X2, X2
	VMOVSS  X2, ret+80(FP)
	VZEROUPPER
	RET

// func adamAVX2(m, v, w, g []float32, c [4]float32)
// c = {β₁, β₂, step, ε}; len(g) a multiple of 8. The operations and their order are those of
// the Go loop in Adam (no fused multiply-add), so the results are identical.
TEXT ·adamAVX2(SB), NOSPLIT, $0-112
	MOVQ m_base+0(FP), AX
	MOVQ v_base+24(FP), BX
	MOVQ w_base+48(FP), DX
	MOVQ g_base+72(FP), SI
	MOVQ g_len+80(FP), CX
	VBROADCASTSS c_0+96(FP), Y8   // β₁
	VBROADCASTSS c_1+100(FP), Y9  // β₂
	VBROADCASTSS c_2+104(FP), Y10 // step
	VBROADCASTSS c_3+108(FP), Y11 // ε
	MOVL $0x3f800000, R9          // 1.0
	MOVL R9, X12
	VBROADCASTSS X12, Y12
	VSUBPS Y8, Y12, Y13           // 1 − β₁
	VSUBPS Y9, Y12, Y14           // 1 − β₂
	SHRQ $3, CX
	JZ   adamdone
adamloop:
	VMOVUPS (SI), Y0              // g
	VMULPS  (AX), Y8, Y1          // β₁m
	VMULPS  Y0, Y13, Y2           // (1−β₁)g
	VADDPS  Y2, Y1, Y1            // m′
	VMOVUPS Y1, (AX)
	VMULPS  (BX), Y9, Y3          // β₂v
	VMULPS  Y0, Y14, Y4           // (1−β₂)g
	VMULPS  Y0, Y4, Y4            // ((1−β₂)g)g
	VADDPS  Y4, Y3, Y3            // v′
	VMOVUPS Y3, (BX)
	VSQRTPS Y3, Y3
	VADDPS  Y11, Y3, Y3           // √v′ + ε
	VMULPS  Y1, Y10, Y1           // step·m′
	VDIVPS  Y3, Y1, Y1            // (step·m′)/(√v′ + ε)
	VMOVUPS (DX), Y5
	VSUBPS  Y1, Y5, Y5
	VMOVUPS Y5, (DX)
	ADDQ    $32, AX
	ADDQ    $32, BX
	ADDQ    $32, DX
	ADDQ    $32, SI
	DECQ    CX
	JNZ     adamloop
adamdone:
	VZEROUPPER
	RET

// func leakyAVX2(slope float32, x, d, y []float32)
// y = d·g(x), g = slope where x's sign bit is set, else 1 (VBLENDVPS selects on the sign
// bit), over len(x) (a multiple of 8) values.
TEXT ·leakyAVX2(SB), NOSPLIT, $0-80
	VBROADCASTSS slope+0(FP), Y1
	MOVL $0x3f800000, R9 // 1.0
	MOVL R9, X2
	VBROADCASTSS X2, Y2
	MOVQ x_base+8(FP), SI
	MOVQ x_len+16(FP), CX
	MOVQ d_base+32(FP), DX
	MOVQ y_base+56(FP), DI
	SHRQ $3, CX
	JZ   leakydone
leakyloop:
	VMOVUPS   (SI), Y0
	VBLENDVPS Y0, Y1, Y2, Y3
	VMULPS    (DX), Y3, Y3
	VMOVUPS   Y3, (DI)
	ADDQ      $32, SI
	ADDQ      $32, DX
	ADDQ      $32, DI
	DECQ      CX
	JNZ       leakyloop
leakydone:
	VZEROUPPER
	RET
