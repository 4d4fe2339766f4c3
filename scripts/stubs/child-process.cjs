// commander requires node:child_process for executable subcommands, which news does not use;
// loading it costs start-up on every run.
module.exports = {};
