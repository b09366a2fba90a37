#include "JsonHttpClient.h"

#include "RetryPolicy.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Timespan.h>

#include <istream>
#include <memory>
#include <new>

namespace akashi::plugins::embedding::remote
{
JsonHttpClient::JsonHttpClient(BaseUrl url, std::chrono::milliseconds timeout, Headers headers)
    : _url(std::move(url)), _timeout(timeout), _headers(std::move(headers))
{
    if (_url.secure())
    {
        // Our own client context instead of SSLManager's default one, which would read its settings from
        // a Poco Application's configuration: peer verification on, OpenSSL's default CA paths (the
        // system's /etc/ssl/certs), host name checked by Poco after the handshake.
        Poco::Net::initializeSSL();
        try
        {
            _tls = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
                                          Poco::Net::Context::VERIFY_RELAXED, 9, true);
        }
        catch (...)
        {
            Poco::Net::uninitializeSSL(); // the destructor will not run
            throw;
        }
    }
}

JsonHttpClient::~JsonHttpClient()
{
    if (_tls)
    {
        _tls = nullptr;
        Poco::Net::uninitializeSSL();
    }
}

HttpReply JsonHttpClient::post(const std::string& path, const std::string& body) const
{
    HttpReply reply;
    try
    {
        return exchange(path, body);
    }
    catch (const Poco::TimeoutException&)
    {
        reply.outcome = HttpReply::Outcome::timedOut;
        reply.error = "no answer within " + std::to_string(_timeout.count()) + " ms";
    }
    catch (const Poco::Exception& e)
    {
        reply.outcome = HttpReply::Outcome::failed;
        reply.error = e.displayText();
    }
    catch (const std::bad_alloc&)
    {
        throw;
    }
    catch (const std::exception& e)
    {
        reply.outcome = HttpReply::Outcome::failed;
        reply.error = e.what();
    }
    return reply;
}

HttpReply JsonHttpClient::exchange(const std::string& path, const std::string& body) const
{
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (_tls)
        session = std::make_unique<Poco::Net::HTTPSClientSession>(_url.host(), _url.port(), _tls);
    else
        session = std::make_unique<Poco::Net::HTTPClientSession>(_url.host(), _url.port());
    const Poco::Timespan timeout(static_cast<Poco::Timespan::TimeDiff>(_timeout.count()) * 1000);
    session->setTimeout(timeout, timeout, timeout);
    session->setKeepAlive(false);

    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, _url.pathFor(path), Poco::Net::HTTPMessage::HTTP_1_1);
    request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    request.set("Accept", "application/json");
    for (const auto& [name, value] : _headers)
        request.set(name, value);
    session->sendRequest(request) << body;

    Poco::Net::HTTPResponse response;
    std::istream& in = session->receiveResponse(response);
    HttpReply reply;
    reply.outcome = HttpReply::Outcome::answered;
    reply.status = static_cast<int>(response.getStatus());
    if (response.has("Retry-After"))
        reply.retryAfter = RetryPolicy::parseRetryAfter(response.get("Retry-After"));
    char buffer[16384];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0)
    {
        reply.body.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (reply.body.size() > kMaxResponseBytes)
            throw Poco::DataException("response larger than " + std::to_string(kMaxResponseBytes >> 20) + " MiB");
    }
    if (in.bad())
    {
        // The stream turned the socket's exception into badbit; the session kept it (a timeout, say).
        if (const Poco::Exception* cause = session->networkException())
            cause->rethrow();
        throw Poco::IOException("response body cut short");
    }
    return reply;
}
} // namespace akashi::plugins::embedding::remote
