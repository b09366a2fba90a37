#include "RemoteEmbeddingClient.h"

#include "MalformedResponse.h"
#include "Utf8Truncate.h"

#include <new>
#include <thread>

namespace akashi::plugins::embedding::remote
{
using akashi::embedding::EmbeddingResult;
using plugin::Status;
using plugin::StatusCode;

namespace
{
/// API error texts are quoted into statuses and log lines; a proxy's HTML page should not be.
constexpr std::size_t kMaxQuotedBytes = 300;

std::string attemptsText(unsigned attempts)
{
    return std::to_string(attempts) + (attempts == 1 ? " attempt" : " attempts");
}
} // namespace

RemoteEmbeddingClient::RemoteEmbeddingClient(const RemoteSettings& settings, std::unique_ptr<EmbeddingWireFormat> format,
                                             RequestLimits limits, JsonHttpClient::Headers headers, plugin::HostLogger& logger)
    : _format(std::move(format)),
      _limits(limits),
      _dimensions(settings.dimensions),
      _http(settings.url, settings.timeout, std::move(headers)),
      _retry(settings.maxRetries),
      _logger(logger)
{
}

EmbeddingResult RemoteEmbeddingClient::embed(const std::vector<std::string>& texts) const noexcept
{
    EmbeddingResult result;
    try
    {
        if (texts.size() > _limits.maxBatchSize)
        {
            result.status = Status::failure(StatusCode::invalidArgument, "batch of " + std::to_string(texts.size()) +
                                                                             " texts exceeds " +
                                                                             std::to_string(_limits.maxBatchSize));
            return result;
        }
        std::vector<std::string_view> request;
        std::size_t requestBytes = 0;
        for (std::size_t i = 0; i <= texts.size(); ++i)
        {
            const bool last = i == texts.size();
            std::string_view input;
            if (!last)
            {
                if (texts[i].empty())
                {
                    result.status = Status::failure(StatusCode::invalidArgument, "text " + std::to_string(i) + " is empty");
                    result.vectors.clear();
                    return result;
                }
                input = truncateUtf8(texts[i], _limits.maxInputBytes);
            }
            const bool full = !request.empty() && (last || request.size() == _limits.maxInputsPerRequest ||
                                                   requestBytes + input.size() > _limits.maxRequestBytes);
            if (full)
            {
                result.status = embedRequest(request, result.vectors);
                if (!result.status.isOk())
                {
                    result.vectors.clear();
                    return result;
                }
                request.clear();
                requestBytes = 0;
            }
            if (!last)
            {
                request.push_back(input);
                requestBytes += input.size();
            }
        }
    }
    catch (const std::exception& e)
    {
        // Allocation failure, or a bug; nothing may cross the plugin boundary.
        result.vectors.clear();
        result.status = Status::failure(StatusCode::internal, _format->name() + ": " + e.what());
    }
    return result;
}

Status RemoteEmbeddingClient::embedRequest(const std::vector<std::string_view>& inputs,
                                           std::vector<std::vector<float>>& vectors) const
{
    unsigned attempts = 0;
    const HttpReply reply = sendWithRetries(_format->requestBody(inputs), attempts);
    if (reply.outcome != HttpReply::Outcome::answered || reply.status < 200 || reply.status > 299)
        return failureFor(reply, attempts);
    std::vector<std::vector<float>> parsed;
    try
    {
        parsed = _format->parseVectors(reply.body, inputs.size());
    }
    catch (const MalformedResponse& e)
    {
        return Status::failure(StatusCode::internal, _format->name() + ": malformed response from " + _http.url().text() +
                                                         ": " + e.what());
    }
    for (const auto& vector : parsed)
        if (vector.size() != _dimensions)
            return Status::failure(StatusCode::invalidArgument, _format->name() + ": model returned " +
                                                                    std::to_string(vector.size()) + " dimensions, configured " +
                                                                    std::to_string(_dimensions));
    for (auto& vector : parsed)
        vectors.push_back(std::move(vector));
    return Status::success();
}

HttpReply RemoteEmbeddingClient::sendWithRetries(const std::string& body, unsigned& attempts) const
{
    for (unsigned retriesDone = 0;; ++retriesDone)
    {
        HttpReply reply = _http.post(_format->path(), body);
        attempts = retriesDone + 1;
        const auto delay = _retry.delayBeforeRetry(retriesDone, reply);
        if (!delay)
            return reply;
        const std::string reason = reply.outcome == HttpReply::Outcome::answered ? "HTTP " + std::to_string(reply.status)
                                                                                 : reply.error;
        _logger.log(plugin::LogLevel::warn, "embedding request retried",
                    {{"provider", _format->name()},
                     {"url", _http.url().text()},
                     {"attempt", std::to_string(attempts)},
                     {"reason", reason},
                     {"delay_ms", std::to_string(delay->count())}});
        std::this_thread::sleep_for(*delay);
    }
}

Status RemoteEmbeddingClient::failureFor(const HttpReply& reply, unsigned attempts) const
{
    const std::string& name = _format->name();
    const std::string& url = _http.url().text();
    if (reply.outcome == HttpReply::Outcome::timedOut)
        return Status::failure(StatusCode::unavailable, name + ": no answer from " + url + " within " +
                                                            std::to_string(_http.timeout().count()) + " ms (" +
                                                            attemptsText(attempts) + ")");
    if (reply.outcome == HttpReply::Outcome::failed)
        return Status::failure(StatusCode::unavailable,
                               name + ": cannot reach " + url + ": " + reply.error + " (" + attemptsText(attempts) + ")");

    const std::string status = "HTTP " + std::to_string(reply.status);
    const std::string message = apiMessage(reply);
    const std::string quoted = message.empty() ? "" : ": " + message;
    const std::uint64_t retryAfterMs = reply.retryAfter ? static_cast<std::uint64_t>(reply.retryAfter->count()) : 0;
    if (reply.status == 429)
    {
        // A hint is always given: the server's, or the backoff the next retry would have waited.
        const std::uint64_t hint = retryAfterMs ? retryAfterMs : static_cast<std::uint64_t>(_retry.backoff(attempts - 1).count());
        return Status::failure(StatusCode::rateLimited,
                               name + ": rate limited (" + status + ") after " + attemptsText(attempts) + quoted, hint);
    }
    if (RetryPolicy::isRetryable(reply))
        return Status::failure(StatusCode::unavailable, name + ": " + status + " after " + attemptsText(attempts) + quoted,
                               retryAfterMs);
    if (reply.status >= 400 && reply.status < 500)
        return Status::failure(StatusCode::invalidArgument, name + ": " + status + quoted);
    return Status::failure(StatusCode::internal, name + ": unexpected " + status + " from " + url);
}

std::string RemoteEmbeddingClient::apiMessage(const HttpReply& reply) const
{
    const std::string message = _format->errorMessage(reply.body);
    const std::string_view kept = truncateUtf8(message, kMaxQuotedBytes);
    return kept.size() < message.size() ? std::string(kept) + "..." : message;
}
} // namespace akashi::plugins::embedding::remote
