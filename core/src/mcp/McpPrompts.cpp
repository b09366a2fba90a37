#include "mcp/McpPrompts.h"

#include "api/RunJson.h"
#include "json/JsonValues.h"
#include "mcp/JsonRpc.h"

#include <map>
#include <vector>

namespace akashi::mcp
{
namespace
{
struct PromptArgument
{
    std::string name;
    std::string description;
};

struct Prompt
{
    std::string name;
    std::string title;
    std::string description;
    std::vector<PromptArgument> arguments; ///< all required
};

const std::vector<Prompt>& prompts()
{
    static const std::vector<Prompt> all{
        {"before-decision", "Before a decision", "Check Akashi for precedents and conflicts before deciding.",
         {{"decision_type", "the kind of decision about to be made, e.g. architecture"}}},
        {"after-decision", "After a decision", "Record a decision in Akashi once it is made.",
         {{"decision_type", "the kind of decision that was made"}, {"outcome", "what was decided"}}},
        {"agent-setup", "Agent setup", "How an agent should use Akashi throughout a task.", {}},
    };
    return all;
}

std::string render(const std::string& name, const std::map<std::string, std::string>& args)
{
    if (name == "before-decision")
        return "You are about to make a \"" + args.at("decision_type") +
               "\" decision. First call the akashi_check tool with decision_type \"" + args.at("decision_type") +
               "\" and a short query describing the choice. Read the precedents and any open conflicts it returns. "
               "If a precedent applies, follow it or explain why you depart from it; if there is an open conflict, "
               "say which side you take and why.";
    if (name == "after-decision")
        return "You decided \"" + args.at("outcome") + "\" (decision type \"" + args.at("decision_type") +
               "\"). Record it now with the akashi_trace tool: decision_type \"" + args.at("decision_type") +
               "\", outcome \"" + args.at("outcome") +
               "\", your honest confidence between 0 and 1, your reasoning, and the alternatives you rejected "
               "with the reason for each. If it follows a precedent from akashi_check, pass its id as precedent_ref.";
    return "You have Akashi, a shared decision log for agents. For every significant decision in this task: "
           "1) before deciding, call akashi_check with the decision_type (and a query) to see precedents and "
           "conflicts; 2) after deciding, call akashi_trace with the decision_type, outcome, confidence, reasoning "
           "and rejected alternatives; 3) when you learn whether an earlier decision worked out, call akashi_assess. "
           "Use akashi_query, akashi_search and akashi_recent to look things up, akashi_conflicts to review "
           "disagreements and akashi_stats for an overview. The resource akashi://session/current says who you are.";
}

[[noreturn]] void invalid(const std::string& message)
{
    throw JsonRpcError(rpc::kInvalidParams, message);
}
} // namespace

Poco::JSON::Array::Ptr McpPrompts::list()
{
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& prompt : prompts())
    {
        auto item = json::orderedObject();
        item->set("name", prompt.name);
        item->set("title", prompt.title);
        item->set("description", prompt.description);
        Poco::JSON::Array::Ptr arguments = new Poco::JSON::Array;
        for (const auto& argument : prompt.arguments)
        {
            auto json = json::orderedObject();
            json->set("name", argument.name);
            json->set("description", argument.description);
            json->set("required", true);
            arguments->add(json);
        }
        item->set("arguments", arguments);
        items->add(item);
    }
    return items;
}

Poco::JSON::Object::Ptr McpPrompts::get(const std::string& name, const Poco::JSON::Object::Ptr& arguments)
{
    const Prompt* prompt = nullptr;
    for (const auto& candidate : prompts())
        if (candidate.name == name)
            prompt = &candidate;
    if (!prompt)
        invalid("unknown prompt: " + name);

    std::map<std::string, std::string> values;
    if (arguments)
    {
        for (const auto& [key, value] : *arguments)
        {
            bool known = false;
            for (const auto& argument : prompt->arguments)
                known = known || argument.name == key;
            if (!known)
                invalid("prompt " + name + " has no argument \"" + key + "\"");
            if (!value.isString())
                invalid("argument \"" + key + "\" must be a string");
            const auto text = value.extract<std::string>();
            if (text.size() > kMaxArgumentBytes || !api::RunJson::storableText(text))
                invalid("argument \"" + key + "\" must be valid UTF-8 of at most 4096 bytes");
            if (!text.empty())
                values[key] = text;
        }
    }
    for (const auto& argument : prompt->arguments)
        if (values.count(argument.name) == 0)
            invalid("missing required argument \"" + argument.name + "\"");

    auto content = json::orderedObject();
    content->set("type", "text");
    content->set("text", render(name, values));
    auto message = json::orderedObject();
    message->set("role", "user");
    message->set("content", content);
    Poco::JSON::Array::Ptr messages = new Poco::JSON::Array;
    messages->add(message);
    auto result = json::orderedObject();
    result->set("description", prompt->description);
    result->set("messages", messages);
    return result;
}
} // namespace akashi::mcp
