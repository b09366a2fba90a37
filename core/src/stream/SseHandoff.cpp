#include "stream/SseHandoff.h"

#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <sstream>

namespace akashi::stream
{
std::string SseHandoff::responseHead(Poco::Net::HTTPServerResponse& response)
{
    response.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
    response.setContentType("text/event-stream");
    response.set("Cache-Control", "no-cache");
    response.set("Connection", "keep-alive");
    response.set("X-Accel-Buffering", "no");
    response.setChunkedTransferEncoding(false);
    std::ostringstream head;
    response.write(head);
    return head.str();
}

Poco::Net::StreamSocket SseHandoff::detach(Poco::Net::HTTPServerRequest& request) noexcept
{
    // Poco's server hands every handler an HTTPServerRequestImpl; its connection loop sees the socket
    // gone and ends without reading another request or writing a response.
    return static_cast<Poco::Net::HTTPServerRequestImpl&>(request).detachSocket();
}
} // namespace akashi::stream
