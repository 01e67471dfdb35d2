// The test device's memory and copies, through the public helpers of tensorforge/device.h and
// through backends::Device.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <thread>
#include <vector>

#include "backends/device.h"
#include "tensorforge/device.h"

namespace tforge {
namespace {

constexpr DeviceType kT = DeviceType::kTEST;
constexpr uintptr_t kTag = uintptr_t(1) << 62;

backends::Device* dev() { return backends::testDevice(); }

std::vector<float> iota(size_t n, float start = 1.f) {
    std::vector<float> v(n);
    for (size_t i = 0; i < n; ++i) v[i] = start + static_cast<float>(i);
    return v;
}

TEST(TestDeviceMemory, FoundByType) {
    ASSERT_NE(backends::findDevice(kT), nullptr);
    EXPECT_EQ(backends::findDevice(kT), dev());
    EXPECT_EQ(dev()->type(), kT);
    EXPECT_STREQ(dev()->name(), "test");
    EXPECT_FALSE(dev()->hostAccessible());
}

TEST(TestDeviceMemory, PointersAreTaggedAndHostViewRoundTrips) {
    void* p = deviceMalloc(kT, 1000);
    ASSERT_NE(p, nullptr);
    void* h = dev()->hostView(p);
    ASSERT_NE(h, nullptr);
    EXPECT_NE(h, p) << "the device pointer must not be the host address";
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) ^ reinterpret_cast<uintptr_t>(h), kTag);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(h) % 64, 0u);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 64, 0u);
    // Interior pointers map too, with the same offset.
    EXPECT_EQ(dev()->hostView(static_cast<char*>(p) + 999), static_cast<char*>(h) + 999);
    // Host memory, and pointers past the block, are not test-device memory.
    std::vector<float> host(4);
    EXPECT_EQ(dev()->hostView(host.data()), nullptr);
    EXPECT_EQ(dev()->hostView(h), nullptr) << "the untagged address is host memory, not a device pointer";
    EXPECT_EQ(dev()->hostView(static_cast<char*>(p) + 1000), static_cast<char*>(h) + 1000) << "the end";
    EXPECT_EQ(dev()->hostView(static_cast<char*>(p) + 1001), nullptr) << "past the bytes asked for";
    EXPECT_EQ(dev()->hostView(static_cast<char*>(p) + 4096), nullptr);
    EXPECT_EQ(dev()->hostView(nullptr), nullptr);
    deviceFree(kT, p);
    EXPECT_EQ(dev()->hostView(p), nullptr) << "freed memory must not map";
}

TEST(TestDeviceMemory, FreshMemoryIsPoisoned) {
    const size_t n = 37;
    void* p = deviceMalloc(kT, n * sizeof(float));
    ASSERT_NE(p, nullptr);
    std::vector<uint8_t> bytes(n * sizeof(float), 0);
    ASSERT_TRUE(memcpyDeviceToHost(kT, bytes.data(), p, bytes.size()));
    for (size_t i = 0; i < bytes.size(); ++i) ASSERT_EQ(bytes[i], 0xFF) << "byte " << i;
    std::vector<float> f(n);
    std::memcpy(f.data(), bytes.data(), bytes.size());
    for (float x : f) EXPECT_TRUE(x != x) << "poison should read as NaN";
    deviceFree(kT, p);
}

TEST(TestDeviceMemory, ZeroBytesGivesUniquePointers) {
    void* a = deviceMalloc(kT, 0);
    void* b = deviceMalloc(kT, 0);
    ASSERT_NE(a, nullptr);
    ASSERT_NE(b, nullptr);
    EXPECT_NE(a, b);
    EXPECT_NE(dev()->hostView(a), nullptr);
    deviceFree(kT, a);
    deviceFree(kT, b);
}

TEST(TestDeviceMemory, BadReleasesAreReportedNotFatal) {
    deviceFree(kT, nullptr);  // no-op, no message
    dev()->release(nullptr);
    void* p = deviceMalloc(kT, 64);
    ASSERT_NE(p, nullptr);
    deviceFree(kT, p);
    testing::internal::CaptureStderr();
    deviceFree(kT, p);  // double free
    int local = 0;
    dev()->release(&local);  // not test-device memory
    const std::string err = testing::internal::GetCapturedStderr();
    EXPECT_NE(err.find("not a live test-device allocation"), std::string::npos) << err;
    // The device still works.
    void* q = deviceMalloc(kT, 64);
    EXPECT_NE(q, nullptr);
    deviceFree(kT, q);
}

TEST(TestDeviceMemoryDeathTest, HostDereferenceFaults) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    void* p = deviceMalloc(kT, 64);
    ASSERT_NE(p, nullptr);
    EXPECT_DEATH(
        {
            volatile const float* f = static_cast<const float*>(p);
            std::fprintf(stderr, "read %f\n", static_cast<double>(*f));
        },
        "");
    deviceFree(kT, p);
}

TEST(TestDeviceCopy, SyncRoundTrip) {
    const std::vector<float> src = iota(100);
    void* a = deviceMalloc(kT, 400);
    void* b = deviceMalloc(kT, 400);
    ASSERT_TRUE(memcpyHostToDevice(kT, a, src.data(), 400));
    ASSERT_TRUE(memcpyDeviceToDevice(kT, b, a, 400));
    std::vector<float> back(100, 0.f);
    ASSERT_TRUE(memcpyDeviceToHost(kT, back.data(), b, 400));
    EXPECT_EQ(back, src);
    // A partial copy at an offset.
    ASSERT_TRUE(memcpyDeviceToDevice(kT, static_cast<char*>(b) + 40, a, 80));
    ASSERT_TRUE(memcpyDeviceToHost(kT, back.data(), b, 400));
    for (int i = 0; i < 100; ++i) EXPECT_EQ(back[i], (i >= 10 && i < 30) ? src[i - 10] : src[i]) << i;
    deviceFree(kT, a);
    deviceFree(kT, b);
}

TEST(TestDeviceCopy, AsyncOnStreamIsOrdered) {
    void* s = streamCreate(kT);
    ASSERT_NE(s, nullptr);
    const size_t n = 1 << 16;
    void* a = deviceMalloc(kT, n * 4);
    void* b = deviceMalloc(kT, n * 4);
    std::vector<float> x = iota(n), y(n, 0.f);
    ASSERT_TRUE(memcpyHostToDevice(kT, a, x.data(), n * 4, s));
    ASSERT_TRUE(memcpyDeviceToDevice(kT, b, a, n * 4, s));
    ASSERT_TRUE(memcpyDeviceToHost(kT, y.data(), b, n * 4, s));
    ASSERT_TRUE(streamSynchronize(kT, s));
    EXPECT_EQ(y, x);
    streamDestroy(kT, s);
    deviceFree(kT, a);
    deviceFree(kT, b);
}

TEST(TestDeviceCopy, DefaultStreamCopiesAreOrderedWithItsWork) {
    // A synchronous copy (stream nullptr) runs after the default stream's pending work, as cudaMemcpy
    // does after the legacy default stream.
    void* a = deviceMalloc(kT, 4);
    backends::Stream* def = dev()->streamFromHandle(nullptr);
    ASSERT_NE(def, nullptr);
    float* h = static_cast<float*>(dev()->hostView(a));
    def->enqueue([h] {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        *h = 42.f;
    });
    float out = 0;
    ASSERT_TRUE(memcpyDeviceToHost(kT, &out, a, 4));
    EXPECT_EQ(out, 42.f);
    deviceFree(kT, a);
}

TEST(TestDeviceCopy, BadPointersAreRefusedNotFatal) {
    void* d = deviceMalloc(kT, 64);
    std::vector<uint8_t> host(64, 1), other(64, 2);
    testing::internal::CaptureStderr();
    EXPECT_FALSE(memcpyHostToDevice(kT, host.data(), other.data(), 64)) << "destination is host memory";
    EXPECT_FALSE(memcpyDeviceToHost(kT, host.data(), other.data(), 64)) << "source is host memory";
    EXPECT_FALSE(memcpyDeviceToDevice(kT, d, host.data(), 64));
    EXPECT_FALSE(memcpyHostToDevice(kT, d, d, 64)) << "source must be host memory";
    EXPECT_FALSE(memcpyHostToDevice(kT, d, host.data(), 65)) << "runs past the allocation";
    EXPECT_FALSE(memcpyHostToDevice(kT, nullptr, host.data(), 4));
    EXPECT_FALSE(memcpyHostToDevice(kT, d, host.data(), 4, &other)) << "not a stream";
    // The device's own copy reports and skips, synchronously and on a stream.
    dev()->copy(host.data(), other.data(), 64, backends::CopyKind::kHostToDevice, nullptr);
    dev()->copy(host.data(), d, 64, backends::CopyKind::kDeviceToDevice, nullptr);
    dev()->copy(d, d, 64, backends::CopyKind::kHostToDevice, nullptr);
    auto s = dev()->createStream();
    dev()->copy(host.data(), other.data(), 64, backends::CopyKind::kDeviceToHost, s.get());
    s->synchronize();
    const std::string err = testing::internal::GetCapturedStderr();
    EXPECT_NE(err.find("not inside a live test-device allocation"), std::string::npos) << err;
    EXPECT_NE(err.find("should be host memory"), std::string::npos) << err;
    EXPECT_EQ(host, std::vector<uint8_t>(64, 1)) << "a refused copy must not write";
    EXPECT_TRUE(memcpyHostToDevice(kT, d, host.data(), 0)) << "zero bytes is fine";
    deviceFree(kT, d);
}

TEST(TestDeviceCopy, CpuDeviceWorksOnHostMemory) {
    constexpr DeviceType kC = DeviceType::kCPU;
    void* a = deviceMalloc(kC, 16);
    ASSERT_NE(a, nullptr);
    const std::vector<float> x{1, 2, 3, 4};
    std::vector<float> y(4, 0);
    void* s = streamCreate(kC);
    ASSERT_NE(s, nullptr);
    ASSERT_TRUE(memcpyHostToDevice(kC, a, x.data(), 16, s));
    ASSERT_TRUE(memcpyDeviceToHost(kC, y.data(), a, 16));
    EXPECT_EQ(y, x);
    EXPECT_EQ(std::memcmp(a, x.data(), 16), 0) << "CPU device memory is host memory";
    void* e = eventRecord(kC, s);
    ASSERT_NE(e, nullptr);
    EXPECT_TRUE(eventQuery(kC, e));
    EXPECT_TRUE(eventSynchronize(kC, e));
    eventDestroy(kC, e);
    EXPECT_TRUE(streamSynchronize(kC, s));
    streamDestroy(kC, s);
    deviceFree(kC, a);
}

TEST(TestDeviceCopy, DeviceWithoutImplementationGivesNullAndFalse) {
    constexpr DeviceType kD = DeviceType::kDLA;
    testing::internal::CaptureStderr();
    EXPECT_EQ(deviceMalloc(kD, 16), nullptr);
    float x = 0;
    EXPECT_FALSE(memcpyHostToDevice(kD, &x, &x, 4));
    EXPECT_EQ(streamCreate(kD), nullptr);
    EXPECT_FALSE(streamSynchronize(kD, nullptr));
    EXPECT_EQ(eventRecord(kD, nullptr), nullptr);
    EXPECT_FALSE(eventQuery(kD, &x));
    deviceFree(kD, &x);  // must not free anything
    testing::internal::GetCapturedStderr();
}

}  // namespace
}  // namespace tforge
