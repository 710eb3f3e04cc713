using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using KeneyApp.Features.Documents.Dicom;

namespace KeneyApp.Tests.Features.Documents;

/// <summary>
/// The DICOM reader against every file Debian's python3-pydicom ships, with pydicom itself as the oracle: a file
/// pydicom reads gives the same ten attributes here; a file pydicom refuses is refused here too; none crashes or
/// hangs. Then damaged and hostile files: truncated, corrupted, nested too deep, too many elements.
/// </summary>
public sealed class DicomReaderTests
{
    private const string TestFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

    private static readonly Dictionary<string, string> OracleNames = new()
    {
        ["PatientName"] = "patient_name",
        ["PatientID"] = "patient_id",
        ["StudyDate"] = "study_date",
        ["Modality"] = "modality",
        ["StudyInstanceUID"] = "study_instance_uid",
        ["SeriesInstanceUID"] = "series_instance_uid",
        ["SOPInstanceUID"] = "sop_instance_uid",
        ["BodyPartExamined"] = "body_part_examined",
        ["Rows"] = "rows",
        ["Columns"] = "columns",
    };

    [Fact]
    public void Every_pydicom_test_file_gives_pydicoms_values_or_is_refused_like_pydicom_refuses_it()
    {
        Assert.True(Directory.Exists(TestFiles), "python3-pydicom is not installed (test.sh installs it): apt-get install python3-pydicom");
        var files = Directory.GetFiles(TestFiles, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        var oracle = Oracle(files);
        Assert.Equal(files.Length, oracle.Count);
        var read = 0;
        foreach (var (path, expected) in files.Zip(oracle))
        {
            var (metadata, failure) = ReadWithin(File.ReadAllBytes(path), TimeSpan.FromSeconds(10));
            if (expected.TryGetProperty("error", out _))
            {
                Assert.True(failure is not null, $"{path}: pydicom refuses it, the reader accepted it");
                continue;
            }
            Assert.True(failure is null, $"{path}: pydicom reads it, the reader refused it: {failure}");
            var wanted = expected.GetProperty("values").EnumerateObject()
                .ToDictionary(p => OracleNames[p.Name], p => p.Value.ValueKind == JsonValueKind.Number ? (object)p.Value.GetInt32() : p.Value.GetString()!);
            Assert.True(wanted.Count == metadata!.Count && wanted.All(w => metadata.TryGetValue(w.Key, out var v) && v.Equals(w.Value)),
                $"{path}: expected {JsonSerializer.Serialize(wanted)}, read {JsonSerializer.Serialize(metadata)}");
            read++;
        }
        // The set has files of every kind: most are read, a handful (no preamble, not DICOM at all) refused.
        Assert.True(read >= 100, $"only {read} files read");
    }

    [Fact]
    public void A_file_cut_anywhere_or_corrupted_anywhere_gives_a_result_or_a_clean_refusal()
    {
        var random = new Random(20261206);
        foreach (var name in new[] { "CT_small.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm", "image_dfl.dcm", "rtplan.dcm", "UN_sequence.dcm" })
        {
            var original = File.ReadAllBytes(Path.Combine(TestFiles, name));
            for (var cut = 0; cut < original.Length; cut += Math.Max(1, original.Length / 200))
            {
                ReadWithin(original[..cut], TimeSpan.FromSeconds(5));
            }
            for (var i = 0; i < 300; i++)
            {
                var damaged = original.ToArray();
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    damaged[random.Next(132, damaged.Length)] = (byte)random.Next(256);
                }
                ReadWithin(damaged, TimeSpan.FromSeconds(5));
                PreviewWithin(damaged, forwardOnly: i % 2 == 0);
            }
        }
    }

    [Fact]
    public void Sequences_nested_deeper_than_the_limit_are_refused()
    {
        var dataset = new MemoryStream();
        for (var i = 0; i <= DicomReader.MaxDepth; i++)
        {
            Write(dataset, 0x0040, 0xA730, "SQ", null);
            Write(dataset, 0xFFFE, 0xE000, null, null);
        }
        var failure = Assert.Throws<DicomFormatException>(() => DicomReader.Read(Part10(dataset.ToArray())));
        Assert.Contains("too deeply", failure.Message);
    }

    [Fact]
    public void A_file_of_more_elements_than_the_limit_is_refused()
    {
        var dataset = new MemoryStream();
        for (var i = 0; i <= DicomReader.MaxElements; i++)
        {
            Write(dataset, 0x0009, 0x1000, "LO", []);
        }
        var failure = Assert.Throws<DicomFormatException>(() => DicomReader.Read(Part10(dataset.ToArray())));
        Assert.Contains("too many elements", failure.Message);
    }

    [Fact]
    public void Values_inside_sequences_of_undefined_length_are_skipped_and_the_top_level_ones_kept()
    {
        var dataset = new MemoryStream();
        Write(dataset, 0x0008, 0x0060, "CS", "MR"u8.ToArray());
        Write(dataset, 0x0008, 0x1140, "SQ", null);
        Write(dataset, 0xFFFE, 0xE000, null, null);
        Write(dataset, 0x0010, 0x0010, "PN", "Nested^Name "u8.ToArray());
        Write(dataset, 0xFFFE, 0xE00D, null, []);
        Write(dataset, 0xFFFE, 0xE0DD, null, []);
        Write(dataset, 0x0010, 0x0010, "PN", "Top^Level "u8.ToArray());
        var file = DicomReader.Read(Part10(dataset.ToArray()));
        Assert.Equal("Top^Level", file.Dataset.Text(DicomTags.PatientName));
        Assert.Equal("MR", file.Dataset.Text(DicomTags.Modality));
        Assert.False(file.HasPixelData);
    }

    [Fact]
    public void A_deflated_dataset_that_expands_beyond_the_limit_is_refused()
    {
        var deflated = new MemoryStream();
        using (var deflate = new DeflateStream(deflated, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            // One private element declaring 600 MB of zeros: 600 KB once deflated.
            var header = new MemoryStream();
            Write(header, 0x0009, 0x0010, "OB", null, explicitLength: 600u * 1024 * 1024);
            deflate.Write(header.ToArray());
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 600; i++)
            {
                deflate.Write(zeros);
            }
        }
        var failure = Assert.Throws<DicomFormatException>(() => DicomReader.Read(Part10(deflated.ToArray(), "1.2.840.10008.1.2.1.99")));
        Assert.Contains("larger", failure.Message);
    }

    [Fact]
    public void The_preview_applies_the_window_and_inverts_monochrome1()
    {
        // 256 columns whose stored values climb by 16: the window 2048.5 ± 2048 maps column c to grey c.
        var pixels = new MemoryStream();
        var writer = new BinaryWriter(pixels);
        for (var row = 0; row < 8; row++)
        {
            for (var column = 0; column < 256; column++)
            {
                writer.Write((ushort)(column * 16));
            }
        }
        foreach (var (photometric, inverted) in new[] { ("MONOCHROME2", false), ("MONOCHROME1", true) })
        {
            var dataset = new MemoryStream();
            Write(dataset, 0x0028, 0x0002, "US", [1, 0]);
            Write(dataset, 0x0028, 0x0004, "CS", Encoding.ASCII.GetBytes(photometric + " "));
            Write(dataset, 0x0028, 0x0010, "US", [8, 0]);
            Write(dataset, 0x0028, 0x0011, "US", [0, 1]);
            Write(dataset, 0x0028, 0x0100, "US", [16, 0]);
            Write(dataset, 0x0028, 0x0101, "US", [16, 0]);
            Write(dataset, 0x0028, 0x0102, "US", [15, 0]);
            Write(dataset, 0x0028, 0x0103, "US", [0, 0]);
            Write(dataset, 0x0028, 0x1050, "DS", "2048.5"u8.ToArray());
            Write(dataset, 0x0028, 0x1051, "DS", "4096"u8.ToArray());
            Write(dataset, 0x7FE0, 0x0010, "OB", pixels.ToArray());
            using var preview = SkiaSharp.SKBitmap.Decode(DicomPreview.From(Part10(dataset.ToArray())));
            Assert.Equal((256, 8), (preview.Width, preview.Height));
            foreach (var column in new[] { 8, 64, 128, 192, 248 })
            {
                var expected = inverted ? 255 - column : column;
                Assert.InRange(preview.GetPixel(column, 4).Red, expected - 8, expected + 8);
            }
        }
    }

    [Theory]
    [InlineData(16, 12, 11, true, 0x0FFF, -1)]
    [InlineData(16, 12, 11, true, 0xF7FF, 2047)]
    [InlineData(16, 12, 11, false, 0x0FFF, 4095)]
    [InlineData(16, 16, 15, true, 0x8000, -32768)]
    [InlineData(8, 8, 7, false, 0xC8, 200)]
    public void A_sample_keeps_its_stored_bits_and_their_sign(int allocated, int stored, int highBit, bool twosComplement, int raw, long expected)
    {
        var image = new DicomImageInfo(1, 1, allocated, stored, highBit, twosComplement, false, 1, 0, false, 1, 1);
        Assert.Equal(expected, image.Sample([(byte)raw, (byte)(raw >> 8), 0, 0]));
    }

    /// <summary>The reader's metadata, or the failure's description; fails the test on a crash (any other exception) or a hang.</summary>
    private static (Dictionary<string, object>? Metadata, string? Failure) ReadWithin(byte[] bytes, TimeSpan limit)
    {
        var reading = Task.Run<(Dictionary<string, object>?, string?)>(() =>
        {
            try
            {
                return (DicomMetadata.From(DicomReader.Read(new MemoryStream(bytes, writable: false)).Dataset), null);
            }
            catch (Exception e) when (e is DicomFormatException or InvalidDataException)
            {
                return (null, e.Message);
            }
        });
        Assert.True(reading.Wait(limit), "the reader did not finish");
        return reading.Result;
    }

    /// <summary>A preview (or none), or a clean refusal, within a second, from a seekable or a forward-only stream.</summary>
    private static void PreviewWithin(byte[] bytes, bool forwardOnly)
    {
        var previewing = Task.Run(() =>
        {
            try
            {
                Stream stream = new MemoryStream(bytes, writable: false);
                DicomPreview.From(forwardOnly ? new ForwardOnly(stream) : stream);
            }
            catch (Exception e) when (e is DicomFormatException or InvalidDataException)
            {
                // a clean refusal
            }
        });
        Assert.True(previewing.Wait(TimeSpan.FromSeconds(5)), "the preview did not finish");
        previewing.GetAwaiter().GetResult(); // any other exception fails the test
    }

    /// <summary>A stream that only reads forward, like a network body.</summary>
    private sealed class ForwardOnly(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static List<JsonElement> Oracle(string[] files)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Features", "Documents", "dicom_oracle.py");
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-W");
        start.ArgumentList.Add("ignore");
        start.ArgumentList.Add(script);
        foreach (var file in files)
        {
            start.ArgumentList.Add(file);
        }
        using var python = Process.Start(start)!;
        var stdout = python.StandardOutput.ReadToEndAsync();
        var stderr = python.StandardError.ReadToEndAsync();
        python.WaitForExit();
        Assert.True(python.ExitCode == 0, stderr.Result);
        return [.. stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }

    private static MemoryStream Part10(byte[] dataset, string transferSyntax = "1.2.840.10008.1.2.1")
    {
        var file = new MemoryStream();
        file.Write(new byte[128]);
        file.Write("DICM"u8);
        var uid = Encoding.ASCII.GetBytes(transferSyntax.Length % 2 == 0 ? transferSyntax : transferSyntax + "\0");
        Write(file, 0x0002, 0x0010, "UI", uid);
        file.Write(dataset);
        file.Position = 0;
        return file;
    }

    /// <summary>An explicit VR little endian element; a null value means undefined length.</summary>
    private static void Write(Stream to, ushort group, ushort element, string? vr, byte[]? value, uint? explicitLength = null)
    {
        var writer = new BinaryWriter(to);
        writer.Write(group);
        writer.Write(element);
        var length = explicitLength ?? (value is null ? 0xFFFF_FFFF : (uint)value.Length);
        if (vr is null)
        {
            writer.Write(length);
        }
        else if (vr is "SQ" or "OB" or "OW" or "UN")
        {
            writer.Write(Encoding.ASCII.GetBytes(vr));
            writer.Write((ushort)0);
            writer.Write(length);
        }
        else
        {
            writer.Write(Encoding.ASCII.GetBytes(vr));
            writer.Write((ushort)length);
        }
        if (value is not null)
        {
            writer.Write(value);
        }
    }
}
