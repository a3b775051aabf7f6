package io.kavach.engine.rule;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The treap books and their level-ordered lists against a naive sorted list, on a seeded random workload. */
class ThresholdTreesTest {
    private static final int BOOKS = 4;
    private static final int LEAVES = 600;

    @Test
    void shouldVisitAndFindNeighboursExactlyAsASortedListDoesThroughInsertsAndRemoves() {
        final long seed = Long.getLong("kavach.seed", System.nanoTime());
        System.out.println("ThresholdTreesTest seed=" + seed + " (rerun with -Dkavach.seed=" + seed + ")");
        final Random rnd = new Random(seed);
        final ThresholdTrees trees = new ThresholdTrees(16);
        trees.ensureCapacity(LEAVES);
        final int[] roots = {ThresholdTrees.NIL, ThresholdTrees.NIL, ThresholdTrees.NIL, ThresholdTrees.NIL};
        final int[] bookOf = new int[LEAVES];
        final long[] levelOf = new long[LEAVES];
        java.util.Arrays.fill(bookOf, -1);
        for (int step = 0; step < 60_000; step++) {
            final int leaf = rnd.nextInt(LEAVES);
            if (bookOf[leaf] < 0) {
                final int b = rnd.nextInt(BOOKS);
                final long level = rnd.nextInt(200); // few distinct levels: many ties
                roots[b] = trees.insert(roots[b], leaf, level);
                bookOf[leaf] = b;
                levelOf[leaf] = level;
            } else if (rnd.nextInt(3) == 0) {
                roots[bookOf[leaf]] = trees.remove(roots[bookOf[leaf]], leaf);
                bookOf[leaf] = -1;
            }
            final int b = rnd.nextInt(BOOKS);
            final List<Integer> sorted = sorted(b, bookOf, levelOf);
            final long lo = rnd.nextInt(210) - 5;
            final long hi = lo + rnd.nextInt(30);
            final List<Integer> expected = new ArrayList<>();
            for (int n : sorted) {
                if (levelOf[n] >= lo && levelOf[n] <= hi) {
                    expected.add(n);
                }
            }
            final List<Integer> visited = new ArrayList<>();
            trees.visit(roots[b], lo, hi, (id, code) -> visited.add(id), 0);
            assertEquals(expected, visited, "tree visit, seed " + seed + " step " + step);
            if (!expected.isEmpty()) {
                final List<Integer> walked = new ArrayList<>();
                final int any = expected.get(rnd.nextInt(expected.size()));
                trees.visitFrom(trees.firstAtLeast(any, lo), hi, (id, code) -> walked.add(id), 0);
                assertEquals(expected, walked, "list walk, seed " + seed + " step " + step);
            }
            final long key = rnd.nextInt(210) - 5;
            int floor = ThresholdTrees.NIL;
            int higher = ThresholdTrees.NIL;
            for (int n : sorted) {
                if (levelOf[n] <= key) {
                    floor = n;
                } else if (higher == ThresholdTrees.NIL) {
                    higher = n;
                }
            }
            trees.neighbours(roots[b], key);
            assertEquals(floor, trees.floorNode(), "floor, seed " + seed + " step " + step);
            assertEquals(higher, trees.higherNode(), "higher, seed " + seed + " step " + step);
            if (!sorted.isEmpty()) {
                trees.neighboursFrom(sorted.get(rnd.nextInt(sorted.size())), key);
                assertEquals(floor, trees.floorNode(), "floor from a node, seed " + seed + " step " + step);
                assertEquals(higher, trees.higherNode(), "higher from a node, seed " + seed + " step " + step);
                assertEquals(floor == ThresholdTrees.NIL ? Long.MIN_VALUE : levelOf[floor], trees.floorLevel());
                assertEquals(higher == ThresholdTrees.NIL ? Long.MAX_VALUE : levelOf[higher], trees.higherLevel());
            }
        }
    }

    private static List<Integer> sorted(final int book, final int[] bookOf, final long[] levelOf) {
        final List<Integer> list = new ArrayList<>();
        for (int n = 0; n < bookOf.length; n++) {
            if (bookOf[n] == book) {
                list.add(n);
            }
        }
        list.sort(Comparator.<Integer>comparingLong(n -> levelOf[n]).thenComparingInt(n -> n));
        return list;
    }
}
