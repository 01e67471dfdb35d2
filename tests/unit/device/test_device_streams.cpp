// The test device's streams and events: asynchronous FIFO execution on a worker thread, events
// across streams, handle validation, and several threads at once (run this under ThreadSanitizer).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "backends/device.h"
#include "tensorforge/device.h"

namespace tforge {
namespace {

using namespace std::chrono;
constexpr DeviceType kT = DeviceType::kTEST;
backends::Device* dev() { return backends::testDevice(); }

TEST(TestDeviceStream, ThousandTasksRunInOrder) {
    auto s = dev()->createStream();
    std::vector<int> order;  // touched only by the worker until synchronize() returns
    for (int i = 0; i < 1000; ++i) s->enqueue([&order, i] { order.push_back(i); });
    s->synchronize();
    ASSERT_EQ(order.size(), 1000u);
    for (int i = 0; i < 1000; ++i) ASSERT_EQ(order[i], i);
}

TEST(TestDeviceStream, EnqueueReturnsAtOnceAndSynchronizeWaits) {
    auto s = dev()->createStream();
    std::atomic<bool> done{false};
    std::thread::id ranOn;
    const auto t0 = steady_clock::now();
    s->enqueue([&] {
        std::this_thread::sleep_for(milliseconds(50));
        ranOn = std::this_thread::get_id();
        done = true;
    });
    const auto enqueued = steady_clock::now() - t0;
    EXPECT_LT(duration_cast<milliseconds>(enqueued).count(), 25) << "enqueue must not run the work inline";
    EXPECT_FALSE(done.load());
    s->synchronize();
    EXPECT_TRUE(done.load());
    EXPECT_GE(duration_cast<milliseconds>(steady_clock::now() - t0).count(), 50);
    EXPECT_NE(ranOn, std::this_thread::get_id()) << "work runs on the stream's worker";
}

TEST(TestDeviceStream, SynchronizeOnIdleStreamReturns) {
    auto s = dev()->createStream();
    s->synchronize();
    s->synchronize();
    auto e = s->record();
    e->synchronize();
    EXPECT_TRUE(e->query());
}

TEST(TestDeviceStream, DestroyWaitsForPendingWork) {
    std::atomic<int> ran{0};
    {
        auto s = dev()->createStream();
        for (int i = 0; i < 10; ++i)
            s->enqueue([&ran] {
                std::this_thread::sleep_for(milliseconds(2));
                ++ran;
            });
    }
    EXPECT_EQ(ran.load(), 10);
}

TEST(TestDeviceStream, ThrowingTaskDoesNotKillTheStream) {
    auto s = dev()->createStream();
    int after = 0;
    testing::internal::CaptureStderr();
    s->enqueue([] { throw std::runtime_error("boom"); });
    s->enqueue([&after] { after = 1; });
    s->synchronize();
    const std::string err = testing::internal::GetCapturedStderr();
    EXPECT_EQ(after, 1);
    EXPECT_NE(err.find("boom"), std::string::npos) << err;
}

TEST(TestDeviceEvent, StreamBWaitsForEventOfStreamA) {
    auto a = dev()->createStream();
    auto b = dev()->createStream();
    int x = 0;  // plain int: the event must order A's write before B's read (TSan checks it)
    int seen = -1;
    a->enqueue([&x] {
        std::this_thread::sleep_for(milliseconds(50));
        x = 1;
    });
    std::shared_ptr<backends::Event> e = a->record();
    ASSERT_NE(e, nullptr);
    EXPECT_FALSE(e->query()) << "A is still sleeping";
    b->wait(e);
    b->enqueue([&x, &seen] { seen = x; });
    b->synchronize();
    EXPECT_EQ(seen, 1);
    EXPECT_TRUE(e->query()) << "B could only finish after the event";
    e->synchronize();
    // An event recorded later does not complete before later work.
    std::atomic<bool> late{false};
    a->enqueue([&late] {
        std::this_thread::sleep_for(milliseconds(20));
        late = true;
    });
    auto e2 = a->record();
    e2->synchronize();
    EXPECT_TRUE(late.load());
    b->wait(nullptr);  // no event: nothing to wait for
    b->synchronize();
}

TEST(TestDeviceEvent, PublicApiPipelineAcrossStreams) {
    void* sa = streamCreate(kT);
    void* sb = streamCreate(kT);
    ASSERT_NE(sa, nullptr);
    ASSERT_NE(sb, nullptr);
    const size_t n = 1 << 18;
    std::vector<float> in(n), out(n, 0.f);
    for (size_t i = 0; i < n; ++i) in[i] = static_cast<float>(i % 1000);
    void* d = deviceMalloc(kT, n * 4);
    ASSERT_TRUE(memcpyHostToDevice(kT, d, in.data(), n * 4, sa));
    void* e = eventRecord(kT, sa);
    ASSERT_NE(e, nullptr);
    ASSERT_TRUE(streamWaitEvent(kT, sb, e));
    ASSERT_TRUE(memcpyDeviceToHost(kT, out.data(), d, n * 4, sb));
    ASSERT_TRUE(streamSynchronize(kT, sb));
    EXPECT_TRUE(eventQuery(kT, e));
    EXPECT_TRUE(eventSynchronize(kT, e));
    EXPECT_EQ(out, in);
    testing::internal::CaptureStderr();
    EXPECT_FALSE(eventQuery(DeviceType::kCPU, e)) << "an event of another device";
    eventDestroy(kT, e);
    EXPECT_FALSE(eventQuery(kT, e)) << "a destroyed event";
    EXPECT_FALSE(eventSynchronize(kT, e));
    testing::internal::GetCapturedStderr();
    streamDestroy(kT, sa);
    streamDestroy(kT, sb);
    deviceFree(kT, d);
}

TEST(TestDeviceStream, StreamFromHandleRejectsForeignHandles) {
    backends::Stream* def = dev()->streamFromHandle(nullptr);
    ASSERT_NE(def, nullptr);
    EXPECT_EQ(dev()->streamFromHandle(nullptr), def) << "one default stream";
    EXPECT_EQ(dev()->streamFromHandle(def->handle()), def);
    auto s = dev()->createStream();
    EXPECT_EQ(dev()->streamFromHandle(s->handle()), s.get());
    int local = 0;
    EXPECT_EQ(dev()->streamFromHandle(&local), nullptr);
    auto cpu = backends::cpuDevice()->createStream();
    EXPECT_EQ(dev()->streamFromHandle(cpu->handle()), nullptr) << "a CPU stream is not a test stream";
    void* h = s->handle();
    s.reset();
    EXPECT_EQ(dev()->streamFromHandle(h), nullptr) << "a destroyed stream";
    testing::internal::CaptureStderr();
    EXPECT_FALSE(streamSynchronize(kT, &local));
    EXPECT_EQ(eventRecord(kT, &local), nullptr);
    streamDestroy(kT, &local);  // not created by streamCreate: reported, ignored
    testing::internal::GetCapturedStderr();
    EXPECT_TRUE(streamSynchronize(kT, nullptr)) << "nullptr is the default stream";
}

// Several threads, each with its own stream, plus all of them on the default stream and allocating
// at once: the case ThreadSanitizer is for.
TEST(TestDeviceStream, ManyThreadsManyStreams) {
    static constexpr int kThreads = 6, kRounds = 40, kN = 257;
    std::atomic<int> failures{0};
    std::mutex m;
    std::vector<int> onDefault;
    auto body = [&](int t) {
        auto s = dev()->createStream();
        void* hs = s->handle();
        for (int r = 0; r < kRounds; ++r) {
            std::vector<int32_t> in(kN), out(kN, -7);
            for (int i = 0; i < kN; ++i) in[i] = t * 100000 + r * 1000 + i;
            void* d = deviceMalloc(kT, kN * 4);
            void* d2 = deviceMalloc(kT, kN * 4);
            if (!d || !d2) {
                ++failures;
                continue;
            }
            bool ok = memcpyHostToDevice(kT, d, in.data(), kN * 4, hs);
            // A "kernel" on the stream: doubles every element through the host view.
            int32_t* hv = static_cast<int32_t*>(dev()->hostView(d));
            s->enqueue([hv] {
                for (int i = 0; i < kN; ++i) hv[i] *= 2;
            });
            ok = ok && memcpyDeviceToDevice(kT, d2, d, kN * 4, hs);
            void* e = eventRecord(kT, hs);
            ok = ok && e && streamWaitEvent(kT, nullptr, e);
            ok = ok && memcpyDeviceToHost(kT, out.data(), d2, kN * 4, nullptr);  // default stream, after e
            dev()->streamFromHandle(nullptr)->enqueue([&m, &onDefault, t] {
                std::lock_guard<std::mutex> lock(m);
                onDefault.push_back(t);
            });
            eventDestroy(kT, e);
            for (int i = 0; i < kN && ok; ++i) ok = out[i] == 2 * in[i];
            if (!ok) ++failures;
            ok = streamSynchronize(kT, hs);
            deviceFree(kT, d);
            deviceFree(kT, d2);
        }
    };
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) threads.emplace_back(body, t);
    for (auto& th : threads) th.join();
    ASSERT_TRUE(streamSynchronize(kT, nullptr));
    EXPECT_EQ(failures.load(), 0);
    std::lock_guard<std::mutex> lock(m);
    EXPECT_EQ(onDefault.size(), static_cast<size_t>(kThreads * kRounds));
}

}  // namespace
}  // namespace tforge
