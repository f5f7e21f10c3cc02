#pragma once

namespace hotline::bot {

// The hotline-bot command line; returns the process exit code.
int run_cli(int argc, char** argv);

}  // namespace hotline::bot
