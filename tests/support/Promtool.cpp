#include "support/Promtool.h"

#include <Poco/Exception.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include <filesystem>
#include <stdexcept>
#include <thread>

namespace akashi::test
{
Promtool::Result Promtool::checkMetrics(const std::string& text)
{
    const std::string binary = "/usr/bin/promtool";
    if (!std::filesystem::exists(binary))
        throw std::runtime_error(binary + " is missing: install the Debian package prometheus (make deps)");
    Poco::Pipe in;
    Poco::Pipe out;
    Poco::ProcessHandle handle = Poco::Process::launch(binary, {"check", "metrics"}, &in, &out, &out);
    // Read while writing: promtool may print before it has read everything.
    Result result;
    std::thread reader([&out, &result] {
        Poco::PipeInputStream stream(out);
        Poco::StreamCopier::copyToString(stream, result.output);
    });
    {
        Poco::PipeOutputStream stream(in);
        stream << text;
        stream.close();
    }
    in.close(Poco::Pipe::CLOSE_WRITE);
    result.exitCode = handle.wait();
    out.close(Poco::Pipe::CLOSE_WRITE);
    reader.join();
    return result;
}
} // namespace akashi::test
