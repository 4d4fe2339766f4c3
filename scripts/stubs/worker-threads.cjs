// write-file-atomic reads worker_threads.threadId to name its temp files; news runs on the main
// thread, whose id is 0, and loading worker_threads costs start-up.
module.exports = { threadId: 0, isMainThread: true };
