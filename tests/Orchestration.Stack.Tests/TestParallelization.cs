// Each test here starts a whole stack (PostgreSQL, Redis, S3, nginx, the api, the worker) and the fault tests
// load it and kill parts of it: two at once on a 2-core machine make timings, not the code, decide the outcome.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
