#include "bot/cli.h"

int main(int argc, char** argv) { return hotline::bot::run_cli(argc, argv); }
