#include "AdminCommands.h"
#include "AkashiServer.h"

#include <csignal>

int main(int argc, char** argv)
{
    if (auto exitCode = akashi::server::AdminCommands::run({argv + 1, argv + argc}))
        return *exitCode;

    // Block the termination signals before any thread exists, so every thread inherits the mask and only
    // waitForTerminationRequest's sigwait receives them (otherwise a worker thread could take SIGTERM and
    // the process would die without shutting down).
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGQUIT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    akashi::server::AkashiServer server;
    return server.run(argc, argv);
}
