#pragma once
#include <pthread.h>

namespace akashi::search
{
/// A reader-writer lock that lets a waiting writer in before new readers (a SharedMutex, usable with
/// std::shared_lock and std::unique_lock). glibc's std::shared_mutex prefers readers: under a steady
/// stream of searches the follower's upserts would wait indefinitely. Not recursive: a thread holding
/// it shared must not lock it again while a writer waits.
class WriterPreferringMutex
{
public:
    WriterPreferringMutex();
    ~WriterPreferringMutex();
    WriterPreferringMutex(const WriterPreferringMutex&) = delete;
    WriterPreferringMutex& operator=(const WriterPreferringMutex&) = delete;

    void lock();
    bool try_lock();
    void unlock();

    void lock_shared();
    bool try_lock_shared();
    void unlock_shared();

private:
    pthread_rwlock_t _lock;
};
} // namespace akashi::search
