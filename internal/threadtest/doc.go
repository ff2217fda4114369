// Package threadtest helps a test check, on Linux, that a goroutine keeps its OS thread to
// itself: TakeIdleThreads locks many goroutines to threads at once, which takes every idle
// thread the runtime has, and says which threads they got. A thread that a locked goroutine
// holds, even parked, can never be among them; one that is only idle can.
//
// On other systems the package is empty: thread IDs come from gettid(2).
package threadtest
