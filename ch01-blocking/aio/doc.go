// Package aio is a miniature asyncio: a single-threaded, cooperative event loop with tasks,
// futures, timers and a thread-safe call-soon, written so that its behaviour — including its
// failure modes — matches Python's asyncio closely enough to reproduce asyncio programs' output.
//
// # One baton
//
// Every task runs on its own goroutine, but the loop hands out a single baton: only the
// goroutine holding it runs, and it hands the baton back only at an await (Co.Sleep, Co.Yield,
// Await). That is what "cooperative" means. A task that makes a blocking call instead of
// awaiting — time.Sleep, a plain HTTP request — keeps the baton, so the loop and every other
// task stall until the call returns. This package does not hide that; chapter 1 is about it.
//
// The loop has no goroutine of its own: its turns run on whichever goroutine holds the baton,
// and an await passes the baton straight to the next task's goroutine (or keeps it, when the
// next step is the awaiting task's own, as in Co.Yield with nothing else ready). Callbacks
// therefore run on task goroutines, one at a time, in the same order as before.
//
// # Order
//
// Ready callbacks run in FIFO order, timers in deadline order (ties in the order they were
// scheduled), and a future's done-callbacks are scheduled with CallSoon, exactly as asyncio
// does. Orderings therefore follow from the program, not from goroutine scheduling.
//
// # Clocks
//
// The loop measures time with the real monotonic clock by default. With the Virtual option it
// keeps a virtual clock that jumps straight to the next timer whenever nothing is ready to run
// and no other goroutine has announced a callback (see Loop.Hold): sleeps cost no real time and
// timer orderings are exact, which is what tests want.
//
// # Python to Go
//
//	asyncio.run(main())               aio.Run(main)
//	async def f(): ...                func f(co *aio.Co) (T, error)
//	await asyncio.sleep(d)            co.Sleep(d)
//	await asyncio.sleep(0)            co.Yield()
//	t = asyncio.create_task(f())      t := aio.CreateTask(co, f)
//	  (f returns nothing)             t := aio.Go(co, f), and aio.Main(f) for asyncio.run
//	await t                           aio.Await(co, t)
//	t.cancel()                        t.Cancel()
//	asyncio.CancelledError            aio.ErrCancelled
//	loop.call_soon(cb)                loop.CallSoon(cb)
//	loop.call_soon_threadsafe(cb)     loop.CallSoonThreadsafe(cb)
//	loop.call_later(d, cb)            loop.CallLater(d, cb)
//	loop.create_future()              aio.NewFuture[T](loop)
package aio

// None is the result type of a coroutine that returns nothing, like a Python coroutine that
// returns None: func counter(co *aio.Co) (aio.None, error).
type None = struct{}
