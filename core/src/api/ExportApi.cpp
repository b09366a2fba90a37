#include "api/ExportApi.h"

#include "api/DecisionJson.h"
#include "api/DecisionsApi.h"
#include "api/ReadAfterWrite.h"
#include "common/Exception.h"
#include "http/QueryParams.h"
#include "http/RequestContext.h"
#include "logging/Log.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Timestamp.h>

#include <exception>
#include <ostream>

namespace akashi::api
{
namespace
{
/// Aborts the connection when the handler leaves by an exception after streaming began: otherwise
/// Poco would end the chunked body normally and a partial export would look complete.
class AbortOnFailure
{
public:
    explicit AbortOnFailure(Poco::Net::HTTPServerRequest& request) : _request(request) {}
    AbortOnFailure(const AbortOnFailure&) = delete;
    AbortOnFailure& operator=(const AbortOnFailure&) = delete;

    void streaming() { _streaming = true; }

    ~AbortOnFailure()
    {
        if (!_streaming || std::uncaught_exceptions() == _exceptionsAtStart)
            return;
        auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&_request);
        if (!impl)
            return;
        try
        {
            impl->socket().shutdown();
        }
        catch (const Poco::Exception& e)
        {
            logging::warn(Poco::Logger::get("http"), "export: could not abort the connection",
                          {{"error", e.displayText()}});
        }
    }

private:
    Poco::Net::HTTPServerRequest& _request;
    const int _exceptionsAtStart = std::uncaught_exceptions();
    bool _streaming = false;
};
} // namespace

void ExportApi::exportDecisions(http::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                                Poco::Net::HTTPServerResponse& response)
{
    const http::QueryParams query(request);
    services::ExportRequest exportRequest;
    exportRequest.agentId = DecisionsApi::textParameter(query, "agent_id", 255);
    exportRequest.decisionType = DecisionsApi::textParameter(query, "decision_type", 1024);
    exportRequest.from = DecisionsApi::timeParameter(query, "from");
    exportRequest.to = DecisionsApi::timeParameter(query, "to");
    const auto token = ReadAfterWrite::fromQuery(query);

    AbortOnFailure guard(request);
    std::ostream* out = nullptr;
    const auto begin = [&] {
        const std::string stamp = Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y%m%d-%H%M%S");
        response.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
        response.setContentType(kContentType);
        response.set("Content-Disposition", "attachment; filename=\"akashi-export-" + stamp + ".ndjson\"");
        response.setChunkedTransferEncoding(true);
        guard.streaming();
        out = &response.send();
    };
    const auto page = [&](const std::vector<storage::DecisionRecord>& decisions) {
        for (const auto& decision : decisions)
            *out << DecisionJson::line(decision) << '\n';
        out->flush(); // one chunk per page: memory stays at one page
        if (!*out)
            throw Exception(ErrorCode::internal, "export aborted: the client connection failed");
    };
    _queries.exportDecisions(context.principal(), exportRequest, token, begin, page);
}
} // namespace akashi::api
