#include "search/IndexManifest.h"

#include "common/Exception.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <set>
#include <sstream>

namespace akashi::search
{
namespace
{
[[noreturn]] void invalid(const std::string& problem)
{
    throw Exception(ErrorCode::internal, "vector index manifest: " + problem);
}

/// Reads the members of one JSON object strictly: each must be present with the asked type, and no
/// member may be left unread (a manifest with unknown members was written by something else).
class StrictObject
{
public:
    StrictObject(const Poco::Dynamic::Var& value, std::string where) : _where(std::move(where))
    {
        if (value.type() != typeid(Poco::JSON::Object::Ptr))
            invalid("\"" + _where + "\" must be an object");
        _object = value.extract<Poco::JSON::Object::Ptr>();
        if (!_object)
            invalid("\"" + _where + "\" must be an object");
    }

    std::string string(const std::string& field)
    {
        const auto value = take(field);
        if (!value.isString())
            invalid(name(field) + " must be a string");
        return value.toString();
    }

    std::int64_t integer(const std::string& field, std::int64_t min)
    {
        const auto value = take(field);
        if (!value.isInteger())
            invalid(name(field) + " must be an integer");
        std::int64_t number = 0;
        try
        {
            number = value.convert<std::int64_t>();
        }
        catch (const Poco::Exception&)
        {
            invalid(name(field) + " is out of range");
        }
        if (number < min)
            invalid(name(field) + " must be at least " + std::to_string(min));
        return number;
    }

    Poco::JSON::Array::Ptr array(const std::string& field)
    {
        const auto value = take(field);
        if (value.type() != typeid(Poco::JSON::Array::Ptr) || !value.extract<Poco::JSON::Array::Ptr>())
            invalid(name(field) + " must be an array");
        return value.extract<Poco::JSON::Array::Ptr>();
    }

    void finish() const
    {
        for (const auto& member : *_object)
            if (!_read.count(member.first))
                invalid("unknown field " + name(member.first));
    }

private:
    Poco::Dynamic::Var take(const std::string& field)
    {
        if (!_object->has(field))
            invalid("missing field " + name(field));
        _read.insert(field);
        return _object->get(field);
    }

    std::string name(const std::string& field) const { return "\"" + _where + "." + field + "\""; }

    Poco::JSON::Object::Ptr _object;
    std::string _where;
    std::set<std::string> _read;
};

/// Graph files live directly in the index directory: a name from the manifest must not reach outside it.
bool isPlainFileName(const std::string& name)
{
    if (name.empty() || name.front() == '.' || name.size() > 255)
        return false;
    for (const char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-'))
            return false;
    return true;
}

bool isSha256Hex(const std::string& text)
{
    if (text.size() != 64)
        return false;
    for (const char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

IndexManifest::Org readOrg(const Poco::Dynamic::Var& value, const std::string& where)
{
    StrictObject object(value, where);
    IndexManifest::Org org;
    org.orgId = object.string("org_id");
    org.file = object.string("file");
    org.bytes = static_cast<std::uint64_t>(object.integer("bytes", 0));
    org.sha256 = object.string("sha256");
    const auto labels = object.array("labels");
    object.finish();

    if (org.orgId.empty())
        invalid("\"" + where + ".org_id\" must not be empty");
    if (!isPlainFileName(org.file))
        invalid("\"" + where + ".file\" must be a plain file name, got \"" + org.file + "\"");
    if (!isSha256Hex(org.sha256))
        invalid("\"" + where + ".sha256\" must be 64 lowercase hex characters");

    std::set<std::string> seen;
    org.decisionIdByLabel.reserve(labels->size());
    for (std::size_t label = 0; label < labels->size(); ++label)
    {
        const auto entry = labels->get(static_cast<unsigned>(label));
        if (entry.isEmpty())
        {
            org.decisionIdByLabel.emplace_back();
            continue;
        }
        if (!entry.isString() || entry.toString().empty())
            invalid("\"" + where + ".labels[" + std::to_string(label) + "]\" must be a decision id or null");
        std::string decisionId = entry.toString();
        if (!seen.insert(decisionId).second)
            invalid("decision \"" + decisionId + "\" has two labels in \"" + where + "\"");
        org.decisionIdByLabel.push_back(std::move(decisionId));
    }
    if (seen.empty())
        invalid("\"" + where + ".labels\" names no decision");
    return org;
}
} // namespace

std::string IndexManifest::toJson() const
{
    Poco::JSON::Object root(Poco::JSON_PRESERVE_KEY_ORDER);
    root.set("format", kFormat);
    root.set("version", kVersion);
    root.set("model", model);
    root.set("dimensions", static_cast<std::int64_t>(dimensions));
    root.set("metric", "cosine");
    root.set("applied_sequence", appliedSequence);
    root.set("generation", static_cast<std::int64_t>(generation));
    Poco::JSON::Array::Ptr orgArray = new Poco::JSON::Array;
    for (const auto& org : orgs)
    {
        Poco::JSON::Object::Ptr object = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        object->set("org_id", org.orgId);
        object->set("file", org.file);
        object->set("bytes", static_cast<std::int64_t>(org.bytes));
        object->set("sha256", org.sha256);
        Poco::JSON::Array::Ptr labels = new Poco::JSON::Array;
        for (const auto& decisionId : org.decisionIdByLabel)
            labels->add(decisionId.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(decisionId));
        object->set("labels", labels);
        orgArray->add(object);
    }
    root.set("orgs", orgArray);
    std::ostringstream out;
    root.stringify(out);
    out << '\n';
    return out.str();
}

IndexManifest IndexManifest::fromJson(const std::string& text)
{
    Poco::Dynamic::Var parsed;
    try
    {
        parsed = Poco::JSON::Parser().parse(text);
    }
    catch (const Poco::Exception& e)
    {
        invalid("not JSON: " + e.message());
    }
    StrictObject root(parsed, "manifest");
    const std::string format = root.string("format");
    const std::int64_t version = root.integer("version", 1);
    if (format != kFormat)
        invalid("\"manifest.format\" is \"" + format + "\", expected \"" + kFormat + "\"");
    if (version != kVersion)
        invalid("version " + std::to_string(version) + " is not supported (this server reads version " +
                std::to_string(kVersion) + ")");

    IndexManifest manifest;
    manifest.model = root.string("model");
    manifest.dimensions = static_cast<std::size_t>(root.integer("dimensions", 1));
    const std::string metric = root.string("metric");
    if (metric != "cosine")
        invalid("\"manifest.metric\" is \"" + metric + "\", expected \"cosine\"");
    manifest.appliedSequence = root.integer("applied_sequence", 0);
    manifest.generation = static_cast<std::uint64_t>(root.integer("generation", 0));
    const auto orgs = root.array("orgs");
    root.finish();

    std::set<std::string> orgIds;
    std::set<std::string> files;
    for (std::size_t i = 0; i < orgs->size(); ++i)
    {
        auto org = readOrg(orgs->get(static_cast<unsigned>(i)), "manifest.orgs[" + std::to_string(i) + "]");
        if (!orgIds.insert(org.orgId).second)
            invalid("org \"" + org.orgId + "\" is listed twice");
        if (!files.insert(org.file).second)
            invalid("file \"" + org.file + "\" is listed twice");
        manifest.orgs.push_back(std::move(org));
    }
    return manifest;
}
} // namespace akashi::search
