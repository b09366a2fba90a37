#include "integrity/MerkleTree.h"
#include "support/ExpectException.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>
#include <vector>

namespace akashi::integrity
{
/// The Merkle tree against vectors computed independently (Python's hashlib over the byte layout of
/// docs/integrity.md: 0x01, 4-byte big-endian length of the left text, left text, right text).
class MerkleTreeTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(MerkleTreeTest);
    CPPUNIT_TEST(testNodeLayout);
    CPPUNIT_TEST(testKnownRoots);
    CPPUNIT_TEST(testKnownProofs);
    CPPUNIT_TEST(testEveryLeafProofVerifies);
    CPPUNIT_TEST(testTamperedProofsFail);
    CPPUNIT_TEST(testRefusesEmptyAndUnsortedLeaves);
    CPPUNIT_TEST_SUITE_END();

    /// "v2:" + sha256("leaf 1") ... "leaf 5", sorted.
    static std::vector<std::string> leaves(std::size_t count)
    {
        const std::vector<std::string> all = {
            "v2:5036d5415fd89f22c593f3a7a10348af3c87b3f13d73373a42f8768e377da3e9",
            "v2:5df183a7928a0b9a8a923c39009e89847ab5f53d07547a362bd2b30e26ee2e16",
            "v2:bac57df66fe6368188d1d4521bcffaecee76a03a50ff297a13439f7164de0a5f",
            "v2:ca6e6588d55d58a70e0b4de60c2dab1e4574bb97d68fa88679852a5daaa9db02",
            "v2:ccbf76d20974e563eb51d22ff1171a30472e0ae643b17863befd53614e7fefad",
        };
        return {all.begin(), all.begin() + static_cast<std::ptrdiff_t>(count)};
    }

public:
    void testNodeLayout()
    {
        // The length prefix keeps the boundary: ("a", "bc") and ("ab", "c") differ.
        CPPUNIT_ASSERT_EQUAL(std::string("093236260a17d20b4d6497cc8c2d5147b6426dc5ffb580de7f5416a26eda8ff0"),
                             MerkleTree::node("a", "bc"));
        CPPUNIT_ASSERT_EQUAL(std::string("5e60ca67b5cf4a036a82d8d345a3bf8315be06d2a2df4a3ac751efea9989ead1"),
                             MerkleTree::node("ab", "c"));
    }

    void testKnownRoots()
    {
        const struct
        {
            std::size_t leaves;
            std::string root;
        } cases[] = {
            {1, "v2:5036d5415fd89f22c593f3a7a10348af3c87b3f13d73373a42f8768e377da3e9"}, // a single leaf is the root
            {2, "3e4db4828ff5f8074a17b0ce36a7473055e4827c826a760d060f0db59590cd8e"},
            {3, "37ab14799f0caf3a8d4da19b1fc885ae6a7ce0bbdbb89865b5ce19823bd7c842"},    // odd level: last pairs with itself
            {5, "2fa4ff56c80c3e63f2bc058f8a19901a21edeec53221425028444efb9350449c"},
        };
        for (const auto& c : cases)
        {
            const MerkleTree tree(leaves(c.leaves));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(std::to_string(c.leaves), c.root, tree.root());
            CPPUNIT_ASSERT_EQUAL(c.leaves, tree.leafCount());
        }
        const auto two = leaves(2);
        CPPUNIT_ASSERT_EQUAL(MerkleTree::node(two[0], two[1]), MerkleTree(two).root());
    }

    void testKnownProofs()
    {
        CPPUNIT_ASSERT(MerkleTree(leaves(1)).proof(0).empty());

        const auto three = MerkleTree(leaves(3)).proof(2);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), three.size());
        CPPUNIT_ASSERT_EQUAL(leaves(3)[2], three[0].hash); // the unpaired node is its own sibling
        CPPUNIT_ASSERT(three[0].isRight);
        CPPUNIT_ASSERT_EQUAL(std::string("3e4db4828ff5f8074a17b0ce36a7473055e4827c826a760d060f0db59590cd8e"), three[1].hash);
        CPPUNIT_ASSERT(!three[1].isRight);

        const auto five = MerkleTree(leaves(5)).proof(4);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), five.size());
        CPPUNIT_ASSERT_EQUAL(leaves(5)[4], five[0].hash);
        CPPUNIT_ASSERT(five[0].isRight);
        CPPUNIT_ASSERT_EQUAL(std::string("53066a3458ca905cc959150df81671fa2d74d9bd91c3f084f2a8b1fc0fec2bbe"), five[1].hash);
        CPPUNIT_ASSERT(five[1].isRight);
        CPPUNIT_ASSERT_EQUAL(std::string("ff9db6f64b0b297f50c60abe96b1b0ac43721db32a1030708c7fdb0c998cdbc7"), five[2].hash);
        CPPUNIT_ASSERT(!five[2].isRight);
    }

    void testEveryLeafProofVerifies()
    {
        for (std::size_t count : {1, 2, 3, 4, 5})
        {
            const MerkleTree tree(leaves(count));
            for (std::size_t i = 0; i < count; ++i)
            {
                const auto path = tree.proof(i);
                CPPUNIT_ASSERT_MESSAGE(std::to_string(count) + "/" + std::to_string(i),
                                       MerkleTree::verify(leaves(count)[i], path, tree.root()));
                CPPUNIT_ASSERT_EQUAL(tree.root(), MerkleTree::rootFromProof(leaves(count)[i], path));
            }
        }
    }

    void testTamperedProofsFail()
    {
        const auto all = leaves(5);
        const MerkleTree tree(all);
        const auto path = tree.proof(1);
        CPPUNIT_ASSERT(MerkleTree::verify(all[1], path, tree.root()));

        CPPUNIT_ASSERT(!MerkleTree::verify(all[2], path, tree.root())); // another leaf
        CPPUNIT_ASSERT(!MerkleTree::verify(all[1], path, MerkleTree(leaves(4)).root()));
        for (std::size_t step = 0; step < path.size(); ++step)
        {
            auto flipped = path;
            flipped[step].isRight = !flipped[step].isRight;
            CPPUNIT_ASSERT_MESSAGE("side of step " + std::to_string(step), !MerkleTree::verify(all[1], flipped, tree.root()));
            auto changed = path;
            changed[step].hash.back() = changed[step].hash.back() == '0' ? '1' : '0';
            CPPUNIT_ASSERT_MESSAGE("hash of step " + std::to_string(step), !MerkleTree::verify(all[1], changed, tree.root()));
        }
        auto shorter = path;
        shorter.pop_back();
        CPPUNIT_ASSERT(!MerkleTree::verify(all[1], shorter, tree.root()));
        auto longer = path;
        longer.push_back({all[0], true});
        CPPUNIT_ASSERT(!MerkleTree::verify(all[1], longer, tree.root()));
        // A changed leaf set changes the root.
        auto changedLeaves = all;
        changedLeaves[3].back() = '3';
        CPPUNIT_ASSERT(MerkleTree(changedLeaves).root() != tree.root());
    }

    void testRefusesEmptyAndUnsortedLeaves()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("a Merkle tree needs at least one leaf"),
                             test::expectException([] { MerkleTree tree({}); }).message());
        auto unsorted = leaves(3);
        std::swap(unsorted[0], unsorted[2]);
        CPPUNIT_ASSERT(!MerkleTree::isSorted(unsorted));
        CPPUNIT_ASSERT_EQUAL(std::string("Merkle tree leaves must be sorted ascending"),
                             test::expectException([&] { MerkleTree tree(unsorted); }).message());
        CPPUNIT_ASSERT_EQUAL(std::string("Merkle proof for leaf 3 of 3"),
                             test::expectException([] { MerkleTree(leaves(3)).proof(3); }).message());
        CPPUNIT_ASSERT(MerkleTree::isSorted({"a", "a", "b"})); // equal leaves are in order
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(MerkleTreeTest);
} // namespace akashi::integrity
