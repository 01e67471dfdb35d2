// The plan file: the serialized form of an ir::Program (what IBuilder writes and IRuntime loads).
//
// Layout (all integers little-endian, explicit widths; full description in docs/PLAN_FORMAT.md):
//
//   offset size  field
//        0    8  magic "TFORGEPL"
//        8    4  u32 format version (kPlanFormatVersion, 2; version 1 plans are refused)
//       12   12  u32 library version major, minor, patch (tensorforge/types.h kVERSION_*)
//       24    4  u32 device (DeviceType)
//       28    4  u32 section count (3)
//       32    8  u64 ISA requirement bits (ir::IsaBits)
//       40    8  u64 total file size in bytes
//       48    8  u64 checksum of the whole file, computed with these 8 bytes as zero
//       56 24*n  section table: {u32 id, u32 reserved = 0, u64 offset, u64 size} per section
//                (id 1 = META, 2 = WEIGHTS, 3 = ARTIFACTS; offsets from the start of the file,
//                64-aligned; written in that order)
//
//   META       a strict binary encoding of the Program (see docs/PLAN_FORMAT.md); attributes of
//              every op are written field by field in the order of their visit(); a Blob is
//              written as {i32 type, i64 count, u64 offset into WEIGHTS, u64 byte size}; each
//              node has one KernelChoice per profile, {str tactic, u64 offset into ARTIFACTS,
//              u64 byte size}; the per-backend artifact versions close META.
//   WEIGHTS    the blobs' bytes, each at a 64-byte-aligned offset.
//   ARTIFACTS  the kernels' prepacked artifacts, each at a 64-byte-aligned offset (equal ones
//              stored once); ARTIFACTS ends the file.
//
// Loading trusts no length or offset: the header, section table and every META field are checked
// before use, and every refusal says what is wrong and what to do (normally: rebuild the engine).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "ir/program.h"
#include "tensorforge/types.h"

namespace tforge::plan {

//! Serializes `program` (which should pass validateProgram) into a self-contained plan.
std::vector<uint8_t> writePlan(const ir::Program& program);

//! Parses and fully validates a plan. On success fills `program`; every Blob in it points into
//! one 64-byte-aligned copy of the weights that the Blobs' `owner` keeps alive (zero-copy after
//! that one copy); each KernelChoice::artifact is a copy of its bytes. `hostIsa` is the ISA bits
//! of this machine (ir::IsaBits). `runtimeDevice` is the device the caller can run (kCPU, or kGPU
//! if a GPU is present); kCPU and kTEST plans load on every host (the test device is emulated on
//! the host), subject to `hostIsa`. On failure returns false, leaves `program` untouched and sets
//! `error` to one sentence ending with advice.
bool readPlan(const void* data, size_t size, DeviceType runtimeDevice, bool gpuAvailable,
              uint64_t hostIsa, ir::Program& program, std::string& error);

//! Structural checks of a Program (indices, roles, execution order, arena and host-arena ranges,
//! formats and locations, profiles and one kernel choice per profile, artifact versions, constant
//! nodes). Used at the end of readPlan; the builder may call it before writePlan.
bool validateProgram(const ir::Program& program, std::string& error);

}  // namespace tforge::plan
