#include "BenchOptions.h"

#include <Poco/Net/DNS.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/Net/NetException.h>

#include <libpq-fe.h>

#include <memory>
#include <stdexcept>

namespace akashi::bench
{
namespace
{
double positiveNumber(const std::string& name, const std::string& value, bool allowZero)
{
    std::size_t used = 0;
    double number = 0;
    try
    {
        number = std::stod(value, &used);
    }
    catch (const std::exception&)
    {
        used = 0;
    }
    if (used != value.size() || value.empty() || number < 0 || (!allowZero && number == 0) || number > 86400)
        throw std::invalid_argument("--" + name + " must be a number of seconds in " +
                                    (allowZero ? "[0" : "(0") + ", 86400], got \"" + value + "\"");
    return number;
}

double decisionsPerSecond(const std::string& name, const std::string& value)
{
    std::size_t used = 0;
    double number = 0;
    try
    {
        number = std::stod(value, &used);
    }
    catch (const std::exception&)
    {
        used = 0;
    }
    if (used != value.size() || value.empty() || !(number > 0) || number > 10000)
        throw std::invalid_argument("--" + name + " must be a number of decisions per second in (0, 10000], got \"" +
                                    value + "\"");
    return number;
}

std::size_t count(const std::string& name, const std::string& value, std::size_t max)
{
    std::size_t used = 0;
    unsigned long number = 0;
    try
    {
        number = std::stoul(value, &used);
    }
    catch (const std::exception&)
    {
        used = 0;
    }
    if (used != value.size() || value.empty() || value[0] == '-' || number == 0 || number > max)
        throw std::invalid_argument("--" + name + " must be an integer in [1, " + std::to_string(max) + "], got \"" +
                                    value + "\"");
    return number;
}

/// True when every address `host` names is a loopback address (an IP literal or a resolvable name).
bool isLoopbackHost(const std::string& host)
{
    Poco::Net::IPAddress literal;
    if (Poco::Net::IPAddress::tryParse(host, literal))
        return literal.isLoopback();
    try
    {
        const auto entry = Poco::Net::DNS::hostByName(host);
        if (entry.addresses().empty())
            return false;
        for (const auto& address : entry.addresses())
            if (!address.isLoopback())
                return false;
        return true;
    }
    catch (const Poco::Exception&)
    {
        return false;
    }
}

void requireLoopbackConninfo(const std::string& conninfo)
{
    char* error = nullptr;
    std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(PQconninfoParse(conninfo.c_str(), &error),
                                                                         &PQconninfoFree);
    if (!options)
    {
        const std::string message = error ? error : "unparseable";
        PQfreemem(error);
        throw std::invalid_argument("--conninfo is not a libpq connection string: " + message);
    }
    for (auto* option = options.get(); option->keyword; ++option)
    {
        const std::string keyword = option->keyword;
        if ((keyword == "host" || keyword == "hostaddr") && option->val && *option->val)
        {
            const std::string value = option->val;
            if (value.front() != '/' && !isLoopbackHost(value))
                throw std::invalid_argument("--conninfo " + keyword + " \"" + value +
                                            "\" is neither a unix socket directory nor a loopback address; "
                                            "akashi-bench only drives this machine");
        }
    }
}
} // namespace

BenchOptions BenchOptions::parse(const std::vector<std::string>& args)
{
    BenchOptions options;
    bool batchGiven = false;
    bool vectorOptionGiven = false;
    bool sseOptionGiven = false;
    for (const auto& arg : args)
    {
        const auto eq = arg.find('=');
        if (arg.rfind("--", 0) != 0 || eq == std::string::npos)
            throw std::invalid_argument("arguments are --name=value, got \"" + arg + "\"");
        const std::string name = arg.substr(2, eq - 2);
        const std::string value = arg.substr(eq + 1);
        if (name == "mode")
            options.mode = value;
        else if (name == "host")
            options.host = value;
        else if (name == "port")
            options.port = static_cast<std::uint16_t>(count(name, value, 65535));
        else if (name == "token")
            options.token = value;
        else if (name == "agent-id")
            options.agentId = value;
        else if (name == "org-id")
            options.orgId = value;
        else if (name == "conninfo")
            options.conninfo = value;
        else if (name == "clients")
            options.clients = count(name, value, 1024);
        else if (name == "duration")
            options.durationSeconds = positiveNumber(name, value, false);
        else if (name == "warmup")
            options.warmupSeconds = positiveNumber(name, value, true);
        else if (name == "batch")
        {
            options.batch = count(name, value, 100000);
            batchGiven = true;
        }
        else if (name == "count" || name == "dims" || name == "queries" || name == "plugins-dir")
        {
            vectorOptionGiven = true;
            if (name == "count")
                options.vectorCount = count(name, value, 1000000);
            else if (name == "dims")
                options.dimensions = count(name, value, 16000);
            else if (name == "queries")
                options.queries = count(name, value, 100000);
            else if (value.empty())
                throw std::invalid_argument("--plugins-dir must not be empty");
            else
                options.pluginsDir = value;
        }
        else if (name == "api-key" || name == "subscribers" || name == "rate" || name == "connect-batch" ||
                 name == "drain" || name == "server-pid")
        {
            sseOptionGiven = true;
            if (name == "api-key")
                options.apiKey = value;
            else if (name == "subscribers")
                options.subscribers = count(name, value, 200000);
            else if (name == "rate")
                options.rate = decisionsPerSecond(name, value);
            else if (name == "connect-batch")
                options.connectBatch = count(name, value, 10000);
            else if (name == "drain")
                options.drainSeconds = positiveNumber(name, value, false);
            else
                options.serverPid = static_cast<int>(count(name, value, 4194304));
        }
        else
            throw std::invalid_argument("unknown argument --" + name);
    }

    const bool loadMode = options.mode == "copy" || options.mode == "events" || options.mode == "trace" ||
                          options.mode == "query";
    if (vectorOptionGiven && loadMode)
        throw std::invalid_argument("--count, --dims, --queries and --plugins-dir apply to --mode=vector-index only");
    if (sseOptionGiven && options.mode != "sse-fanout")
        throw std::invalid_argument("--api-key, --subscribers, --rate, --connect-batch, --drain and --server-pid "
                                    "apply to --mode=sse-fanout only");
    if (options.mode == "vector-index")
    {
        if (batchGiven)
            throw std::invalid_argument("--batch does not apply to --mode=vector-index");
    }
    else if (options.mode == "copy")
    {
        if (options.conninfo.empty())
            throw std::invalid_argument("--conninfo is required for --mode=copy");
        requireLoopbackConninfo(options.conninfo);
        if (!batchGiven)
            options.batch = 1000;
    }
    else if (options.mode == "events" || options.mode == "trace" || options.mode == "query")
    {
        if (options.token.empty())
            throw std::invalid_argument("--token is required for --mode=" + options.mode);
        if (!isLoopbackHost(options.host))
            throw std::invalid_argument("--host \"" + options.host +
                                        "\" is not a loopback address; akashi-bench only drives this machine");
        if (options.mode == "events" && !batchGiven)
            options.batch = 100;
        if (options.mode != "events" && batchGiven)
            throw std::invalid_argument("--batch applies to --mode=copy and --mode=events only");
    }
    else if (options.mode == "sse-fanout")
    {
        if (options.apiKey.empty())
            throw std::invalid_argument("--api-key is required for --mode=sse-fanout");
        if (vectorOptionGiven || batchGiven)
            throw std::invalid_argument("--batch, --count, --dims, --queries and --plugins-dir do not apply to "
                                        "--mode=sse-fanout");
        if (!isLoopbackHost(options.host))
            throw std::invalid_argument("--host \"" + options.host +
                                        "\" is not a loopback address; akashi-bench only drives this machine");
    }
    else if (options.mode.empty())
        throw std::invalid_argument("--mode is required");
    else
        throw std::invalid_argument("--mode must be one of copy, events, trace, query, vector-index, sse-fanout, "
                                    "got \"" + options.mode + "\"");
    return options;
}

std::string BenchOptions::usage()
{
    return "usage: akashi-bench --mode=copy|events|trace|query|vector-index|sse-fanout [options]\n"
           "  --duration=S      measured seconds (default 10), after --warmup=S (default 1)\n"
           "  --clients=N       concurrent connections, one thread each (default 1)\n"
           "  --batch=N         copy: rows per transaction (1000); events: events per request (100)\n"
           "  --host=H --port=P HTTP target, loopback only (default 127.0.0.1:8080)\n"
           "  --token=T         bearer token for the HTTP modes\n"
           "  --agent-id=A      agent that owns the runs and decisions (default admin)\n"
           "  --conninfo=C      copy: libpq connection string (unix socket dir or loopback host)\n"
           "  --org-id=O        copy: org_id of the rows (default the nil org)\n"
           "  --count=N --dims=D --queries=Q\n"
           "                    vector-index: decisions (100000), dimensions (1024), measured queries (1000)\n"
           "  --plugins-dir=DIR vector-index: directory with embedding-local.so (default: this build's)\n"
           "  --api-key=K       sse-fanout: API key of --agent-id, for the streams and the publishers (--clients)\n"
           "  --subscribers=N --rate=R --connect-batch=B --drain=S\n"
           "                    sse-fanout: streams (10000), decisions/s published for --duration (20),\n"
           "                    handshakes in flight (100), most seconds to await late deliveries (60)\n"
           "  --server-pid=P    sse-fanout: the server process, for its VmRSS and CPU time\n"
           "Prints one line: akashi-bench mode=... key=value ...\n";
}
} // namespace akashi::bench
