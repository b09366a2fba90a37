#include "search/WriterPreferringMutex.h"

#include <cerrno>
#include <system_error>

namespace akashi::search
{
namespace
{
void check(int result, const char* what)
{
    if (result != 0)
        throw std::system_error(result, std::generic_category(), what);
}
} // namespace

WriterPreferringMutex::WriterPreferringMutex()
{
    pthread_rwlockattr_t attributes;
    check(pthread_rwlockattr_init(&attributes), "pthread_rwlockattr_init");
    // The only glibc kind that really prefers writers; PTHREAD_RWLOCK_PREFER_WRITER_NP is ignored.
    const int kind = pthread_rwlockattr_setkind_np(&attributes, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    const int init = kind == 0 ? pthread_rwlock_init(&_lock, &attributes) : kind;
    pthread_rwlockattr_destroy(&attributes);
    check(init, "pthread_rwlock_init");
}

WriterPreferringMutex::~WriterPreferringMutex()
{
    pthread_rwlock_destroy(&_lock);
}

void WriterPreferringMutex::lock()
{
    check(pthread_rwlock_wrlock(&_lock), "pthread_rwlock_wrlock");
}

bool WriterPreferringMutex::try_lock()
{
    const int result = pthread_rwlock_trywrlock(&_lock);
    if (result == EBUSY)
        return false;
    check(result, "pthread_rwlock_trywrlock");
    return true;
}

void WriterPreferringMutex::unlock()
{
    pthread_rwlock_unlock(&_lock);
}

void WriterPreferringMutex::lock_shared()
{
    // EAGAIN: the reader count is exhausted (about 2^30 concurrent readers); treated as an error.
    check(pthread_rwlock_rdlock(&_lock), "pthread_rwlock_rdlock");
}

bool WriterPreferringMutex::try_lock_shared()
{
    const int result = pthread_rwlock_tryrdlock(&_lock);
    if (result == EBUSY)
        return false;
    check(result, "pthread_rwlock_tryrdlock");
    return true;
}

void WriterPreferringMutex::unlock_shared()
{
    pthread_rwlock_unlock(&_lock);
}
} // namespace akashi::search
