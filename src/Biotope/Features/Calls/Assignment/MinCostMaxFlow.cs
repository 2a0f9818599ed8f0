namespace Biotope.Features.Calls.Assignment;

/// <summary>
/// Exact minimum-cost maximum flow on a graph fixed at construction (arcs with non-negative costs).
/// Primal-dual successive shortest paths: one Dijkstra on reduced costs (Johnson potentials) per phase,
/// then a Dinic maximum flow restricted to the arcs whose reduced cost is now zero, so each phase
/// augments along every shortest path at once instead of one unit of flow per Dijkstra.
/// Arcs are kept in flat arrays in CSR order (each arc next to the others leaving the same node).
/// </summary>
internal sealed class MinCostMaxFlow
{
    private readonly int nodeCount;
    private readonly int[] firstArc;   // arcs leaving node v are firstArc[v] .. firstArc[v + 1] - 1
    private readonly int[] head;
    private readonly int[] residual;
    private readonly long[] cost;
    private readonly int[] reverse;
    private readonly int[] forwardArcOfInput; // CSR position of the i-th arc given to the constructor

    // Scratch state reused by every phase.
    private readonly long[] potential;
    private readonly long[] distance;
    private readonly bool[] settled;
    private readonly int[] level;
    private readonly int[] currentArc;
    private readonly int[] queue;
    private readonly int[] path;

    /// <param name="nodeCount">Nodes are 0 .. nodeCount - 1.</param>
    /// <param name="tails">Arc i goes from tails[i] to heads[i] with capacities[i] units at costs[i] each.</param>
    public MinCostMaxFlow(int nodeCount, int[] tails, int[] heads, int[] capacities, long[] costs)
    {
        var arcCount = tails.Length;
        if (heads.Length != arcCount || capacities.Length != arcCount || costs.Length != arcCount)
            throw new ArgumentException("Tails, heads, capacities and costs must have one entry per arc.");

        this.nodeCount = nodeCount;
        firstArc = new int[nodeCount + 1];
        for (var i = 0; i < arcCount; i++)
        {
            if ((uint)tails[i] >= (uint)nodeCount || (uint)heads[i] >= (uint)nodeCount)
                throw new ArgumentException($"Arc {i} has an end outside 0..{nodeCount - 1}.");
            if (capacities[i] < 0 || costs[i] < 0)
                throw new ArgumentException($"Arc {i} has a negative capacity or cost.");
            firstArc[tails[i] + 1]++;
            firstArc[heads[i] + 1]++; // its residual reverse
        }
        for (var v = 0; v < nodeCount; v++) firstArc[v + 1] += firstArc[v];

        var slotCount = 2 * arcCount;
        head = new int[slotCount];
        residual = new int[slotCount];
        cost = new long[slotCount];
        reverse = new int[slotCount];
        forwardArcOfInput = new int[arcCount];
        var nextSlot = firstArc[..nodeCount];
        for (var i = 0; i < arcCount; i++)
        {
            var forward = nextSlot[tails[i]]++;
            var backward = nextSlot[heads[i]]++;
            head[forward] = heads[i];
            head[backward] = tails[i];
            residual[forward] = capacities[i];
            cost[forward] = costs[i];
            cost[backward] = -costs[i];
            reverse[forward] = backward;
            reverse[backward] = forward;
            forwardArcOfInput[i] = forward;
        }

        potential = new long[nodeCount];
        distance = new long[nodeCount];
        settled = new bool[nodeCount];
        level = new int[nodeCount];
        currentArc = new int[nodeCount];
        queue = new int[nodeCount];
        path = new int[nodeCount];
    }

    /// <summary>Units of flow on the i-th arc given to the constructor.</summary>
    public int FlowOn(int inputArc) => residual[reverse[forwardArcOfInput[inputArc]]];

    /// <summary>Sends as much flow as possible from source to sink at the least total cost; returns the flow.</summary>
    public long Run(int source, int sink)
    {
        if ((uint)source >= (uint)nodeCount || (uint)sink >= (uint)nodeCount || source == sink)
            throw new ArgumentException("Source and sink must be two distinct nodes.");

        // All costs start non-negative, so zero potentials are feasible.
        long flow = 0;
        while (ShortestPathsToSink(source, sink))
        {
            while (LevelZeroCostArcs(source, sink))
                flow += BlockingFlow(source, sink);
        }
        return flow;
    }

    // Arc a leaving u is admissible when it has residual capacity and zero reduced cost.
    private bool Admissible(int u, int arc) =>
        residual[arc] > 0 && cost[arc] + potential[u] - potential[head[arc]] == 0;

    /// <summary>
    /// Dijkstra on reduced costs, stopped once the sink is settled; then raises every potential by
    /// min(distance, distance to sink). Reduced costs stay non-negative and are zero exactly along
    /// shortest paths to the sink. Returns false when the sink cannot be reached.
    /// </summary>
    private bool ShortestPathsToSink(int source, int sink)
    {
        Array.Fill(distance, long.MaxValue);
        Array.Clear(settled);
        var heap = new PriorityQueue<int, long>();
        distance[source] = 0;
        heap.Enqueue(source, 0);
        while (heap.TryDequeue(out var u, out var d))
        {
            if (settled[u]) continue;
            settled[u] = true;
            if (u == sink) break;
            for (var arc = firstArc[u]; arc < firstArc[u + 1]; arc++)
            {
                if (residual[arc] == 0) continue;
                var v = head[arc];
                if (settled[v]) continue;
                var candidate = d + cost[arc] + potential[u] - potential[v];
                if (candidate < distance[v])
                {
                    distance[v] = candidate;
                    heap.Enqueue(v, candidate);
                }
            }
        }
        if (!settled[sink]) return false;

        // Nodes left unsettled are at least as far as the sink, so they move by the sink's distance.
        var toSink = distance[sink];
        for (var v = 0; v < nodeCount; v++)
            potential[v] += settled[v] ? distance[v] : toSink;
        return true;
    }

    /// <summary>Breadth-first levels over admissible arcs; false when the sink is not reached.</summary>
    private bool LevelZeroCostArcs(int source, int sink)
    {
        Array.Fill(level, -1);
        level[source] = 0;
        queue[0] = source;
        int read = 0, write = 1;
        while (read < write)
        {
            var u = queue[read++];
            for (var arc = firstArc[u]; arc < firstArc[u + 1]; arc++)
            {
                var v = head[arc];
                if (level[v] >= 0 || !Admissible(u, arc)) continue;
                level[v] = level[u] + 1;
                queue[write++] = v;
            }
        }
        return level[sink] >= 0;
    }

    /// <summary>Dinic's blocking flow on the level graph of admissible arcs, with an explicit path stack.</summary>
    private long BlockingFlow(int source, int sink)
    {
        Array.Copy(firstArc, currentArc, nodeCount);
        long sent = 0;
        var depth = 0;
        var u = source;
        while (true)
        {
            if (u == sink)
            {
                var bottleneck = int.MaxValue;
                for (var i = 0; i < depth; i++) bottleneck = Math.Min(bottleneck, residual[path[i]]);
                var firstSaturated = -1;
                for (var i = 0; i < depth; i++)
                {
                    var arc = path[i];
                    residual[arc] -= bottleneck;
                    residual[reverse[arc]] += bottleneck;
                    if (firstSaturated < 0 && residual[arc] == 0) firstSaturated = i;
                }
                sent += bottleneck;
                // Resume from the tail of the first arc this path used up.
                depth = firstSaturated;
                u = depth == 0 ? source : head[path[depth - 1]];
                continue;
            }

            var end = firstArc[u + 1];
            var arcIndex = currentArc[u];
            while (arcIndex < end && !(level[head[arcIndex]] == level[u] + 1 && Admissible(u, arcIndex))) arcIndex++;
            currentArc[u] = arcIndex;
            if (arcIndex < end)
            {
                path[depth++] = arcIndex;
                u = head[arcIndex];
                continue;
            }

            // Dead end: no path to the sink through u in this level graph.
            if (u == source) return sent;
            level[u] = -1;
            var into = path[--depth];
            u = head[reverse[into]];
            currentArc[u]++;
        }
    }
}
