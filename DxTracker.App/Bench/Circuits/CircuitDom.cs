using System.Buffers.Binary;
using System.Text;

namespace DxTracker.App.Bench.Circuits;

/// <summary>A node of the page as the load client keeps it: an element (with its attributes and event handlers), a text, a
/// markup block or a component's place (whose children are the component's output).</summary>
internal sealed class DomNode(DomNodeKind kind, string? name = null)
{
    public DomNodeKind Kind { get; } = kind;
    /// <summary>Element name, or the text/markup of a text or markup node.</summary>
    public string? Name { get; set; } = name;
    public DomNode? Parent { get; set; }
    public List<DomNode> Children { get; } = [];
    public Dictionary<string, string?> Attributes { get; } = new(StringComparer.Ordinal);
    /// <summary>Event name (without "on") → the renderer's handler id.</summary>
    public Dictionary<string, ulong> Handlers { get; } = new(StringComparer.Ordinal);

    public string? Attribute(string name) => Attributes.GetValueOrDefault(name);

    /// <summary>This node and every node under it, depth first.</summary>
    public IEnumerable<DomNode> Descendants()
    {
        yield return this;
        foreach (var child in Children)
            foreach (var node in child.Descendants())
                yield return node;
    }

    /// <summary>The text under this node: its text nodes joined (markup blocks are not parsed).</summary>
    public string Text() => Kind == DomNodeKind.Text ? Name ?? "" : string.Concat(Children.Select(c => c.Text()));
}

internal enum DomNodeKind { Element, Text, Markup, Component }

/// <summary>
/// The page as the server's render batches describe it. Reads Blazor's binary render batch (the layout the browser's
/// <c>OutOfProcessRenderBatch</c> reads: updated components with their edits, reference frames, a string table, offsets at
/// the end) and applies the edits the way the browser's renderer does, so the client can find an element and its handler.
/// </summary>
internal sealed class CircuitDom
{
    private const int FrameSize = 20;
    private const int EditSize = 16;
    private readonly Dictionary<int, DomNode> _components = [];

    /// <summary>A root component (from JS.AttachComponent): its output goes under a node of its own.</summary>
    public void Attach(int componentId) => _components[componentId] = new DomNode(DomNodeKind.Component);

    public IEnumerable<DomNode> Roots => _components.Values.Where(c => c.Parent is null);

    public IEnumerable<DomNode> Elements => Roots.SelectMany(r => r.Descendants()).Where(n => n.Kind == DomNodeKind.Element);

    /// <summary>The first element whose attribute <paramref name="name"/> is <paramref name="value"/>, or null.</summary>
    public DomNode? Find(string name, string value) => Elements.FirstOrDefault(e => e.Attribute(name) == value);

    public void Apply(ReadOnlySpan<byte> batch)
    {
        var end = batch.Length;
        var updated = Int(batch, end - 20);
        var frames = Int(batch, end - 16);
        var stringsAt = Int(batch, end - 4);
        var strings = new string?[(end - 20 - stringsAt) / 4];
        for (var i = 0; i < strings.Length; i++)
            strings[i] = ReadString(batch, Int(batch, stringsAt + i * 4));
        var frameCount = Int(batch, frames);
        var referenceFrames = new Frame[frameCount];
        for (var i = 0; i < frameCount; i++)
            referenceFrames[i] = ReadFrame(batch.Slice(frames + 4 + i * FrameSize, FrameSize), strings);
        var updatedCount = Int(batch, updated);
        for (var u = 0; u < updatedCount; u++)
        {
            var at = Int(batch, updated + 4 + u * 4);
            var componentId = Int(batch, at);
            var editCount = Int(batch, at + 4);
            var edits = new Edit[editCount];
            for (var e = 0; e < editCount; e++)
            {
                var edit = batch.Slice(at + 8 + e * EditSize, EditSize);
                var removed = Int(edit, 12);
                edits[e] = new Edit(Int(edit, 0), Int(edit, 4), Int(edit, 8), removed >= 0 ? strings[removed] : null);
            }
            if (!_components.TryGetValue(componentId, out var container))
                _components[componentId] = container = new DomNode(DomNodeKind.Component);
            ApplyEdits(container, edits, referenceFrames);
        }
    }

    private void ApplyEdits(DomNode container, Edit[] edits, Frame[] frames)
    {
        var parent = container;
        // Sibling indexes count from the current parent's first child (a component's container included).
        List<(int From, int To)>? permutation = null;
        foreach (var edit in edits)
        {
            switch (edit.Type)
            {
                case 1: // PrependFrame
                    InsertFrame(parent, edit.Sibling, frames, edit.Reference);
                    break;
                case 2: // RemoveFrame
                    Remove(parent, edit.Sibling);
                    break;
                case 3: // SetAttribute
                    SetAttribute(parent.Children[edit.Sibling], frames[edit.Reference]);
                    break;
                case 4: // RemoveAttribute
                    var element = parent.Children[edit.Sibling];
                    element.Attributes.Remove(edit.RemovedAttribute!);
                    if (edit.RemovedAttribute!.StartsWith("on", StringComparison.Ordinal))
                        element.Handlers.Remove(edit.RemovedAttribute[2..]);
                    break;
                case 5: // UpdateText
                case 8: // UpdateMarkup
                    parent.Children[edit.Sibling].Name = frames[edit.Reference].Text;
                    break;
                case 6: // StepIn
                    parent = parent.Children[edit.Sibling];
                    break;
                case 7: // StepOut
                    parent = parent.Parent!;
                    break;
                case 9: // PermutationListEntry: the sibling moves to MoveToSiblingIndex (shares the reference slot)
                    (permutation ??= []).Add((edit.Sibling, edit.Reference));
                    break;
                case 10: // PermutationListEnd
                    var moved = permutation!.Select(p => (p.To, Node: parent.Children[p.From])).ToList();
                    foreach (var (to, node) in moved)
                        parent.Children[to] = node;
                    permutation = null;
                    break;
                default:
                    throw new InvalidOperationException($"Unknown render tree edit type {edit.Type}.");
            }
        }
    }

    /// <summary>Inserts the frame at <paramref name="index"/> (and its subtree); returns how many nodes went into the parent.</summary>
    private int InsertFrame(DomNode parent, int index, Frame[] frames, int at)
    {
        var frame = frames[at];
        switch (frame.Type)
        {
            case 1: // Element
                var element = new DomNode(DomNodeKind.Element, frame.Text);
                Insert(parent, index, element);
                var end = at + frame.SubtreeLength;
                var child = at + 1;
                for (; child < end && frames[child].Type == 3; child++)
                    SetAttribute(element, frames[child]);
                InsertRange(element, element.Children.Count, frames, child, end);
                return 1;
            case 2: // Text
                Insert(parent, index, new DomNode(DomNodeKind.Text, frame.Text));
                return 1;
            case 8: // Markup
                Insert(parent, index, new DomNode(DomNodeKind.Markup, frame.Text));
                return 1;
            case 4: // Component: its place; the component's own diff fills it
                if (!_components.TryGetValue(frame.ComponentId, out var component))
                    _components[frame.ComponentId] = component = new DomNode(DomNodeKind.Component);
                Insert(parent, index, component);
                return 1;
            case 5: // Region: its children sit directly in the parent
                return InsertRange(parent, index, frames, at + 1, at + frame.SubtreeLength);
            default: // element/component reference captures, named events, render modes: nothing in the page
                return 0;
        }
    }

    private int InsertRange(DomNode parent, int index, Frame[] frames, int start, int end)
    {
        var inserted = 0;
        for (var i = start; i < end;)
        {
            inserted += InsertFrame(parent, index + inserted, frames, i);
            i += frames[i].Type is 1 or 4 or 5 ? Math.Max(1, frames[i].SubtreeLength) : 1;
        }
        return inserted;
    }

    private static void Insert(DomNode parent, int index, DomNode node)
    {
        node.Parent = parent;
        parent.Children.Insert(index, node);
    }

    private void Remove(DomNode parent, int index)
    {
        var node = parent.Children[index];
        parent.Children.RemoveAt(index);
        node.Parent = null;
        if (node.Kind == DomNodeKind.Component)
            foreach (var id in _components.Where(c => c.Value == node).Select(c => c.Key).ToList())
                _components.Remove(id);
    }

    private static void SetAttribute(DomNode element, Frame attribute)
    {
        if (attribute.HandlerId != 0)
            element.Handlers[attribute.Name!.StartsWith("on", StringComparison.Ordinal) ? attribute.Name[2..] : attribute.Name] = attribute.HandlerId;
        else
            element.Attributes[attribute.Name!] = attribute.Text;
    }

    private static Frame ReadFrame(ReadOnlySpan<byte> f, string?[] strings)
    {
        var type = Int(f, 0);
        var (at4, at8) = (Int(f, 4), Int(f, 8));
        string? S(int index) => index >= 0 ? strings[index] : null;
        return type switch
        {
            1 => new Frame(type, at4, S(at8), null, 0, 0),                                   // Element: subtree length, name
            2 or 8 => new Frame(type, 1, S(at4), null, 0, 0),                                 // Text / Markup
            3 => new Frame(type, 1, S(at8), S(at4), BinaryPrimitives.ReadUInt64LittleEndian(f[12..]), 0), // Attribute: name, value, handler
            4 => new Frame(type, at4, null, null, 0, at8),                                    // Component: subtree length, id
            5 => new Frame(type, at4, null, null, 0, 0),                                      // Region: subtree length
            _ => new Frame(type, 1, null, null, 0, 0),
        };
    }

    private static string? ReadString(ReadOnlySpan<byte> data, int at)
    {
        // Length-prefixed UTF-8 (unsigned LEB128 length).
        var length = 0;
        var shift = 0;
        byte b;
        do
        {
            b = data[at++];
            length |= (b & 0x7f) << shift;
            shift += 7;
        } while (b >= 0x80);
        return Encoding.UTF8.GetString(data.Slice(at, length));
    }

    private static int Int(ReadOnlySpan<byte> data, int at) => BinaryPrimitives.ReadInt32LittleEndian(data[at..]);

    /// <param name="Text">An element's name, a text's or markup's content, an attribute's value.</param>
    /// <param name="Name">An attribute's name.</param>
    private readonly record struct Frame(int Type, int SubtreeLength, string? Text, string? Name, ulong HandlerId, int ComponentId);

    private readonly record struct Edit(int Type, int Sibling, int Reference, string? RemovedAttribute);
}
