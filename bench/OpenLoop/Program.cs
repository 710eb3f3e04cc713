using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

// Open-loop load: POST the JSON bodies of BODY_FILE (one per line, taken in turn) to URL at RATE requests per second
// for SECONDS, each request leaving on its own schedule whether or not the earlier ones were answered, as
// independent visitors do. A request's latency counts
// from its scheduled time, so a server that falls behind is charged for the queue it builds (no coordinated
// omission). Prints "<p50 ms> <p99 ms> <requests> <non-2xx>" to stdout.
//   OpenLoop URL RATE SECONDS BODY_FILE
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: OpenLoop URL RATE SECONDS BODY_FILE");
    return 2;
}
var url = new Uri(args[0]);
var rate = double.Parse(args[1], CultureInfo.InvariantCulture);
var seconds = double.Parse(args[2], CultureInfo.InvariantCulture);
var bodies = (await File.ReadAllLinesAsync(args[3])).Where(l => l.Length > 0).Select(Encoding.UTF8.GetBytes).ToArray();
using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) })
{
    Timeout = TimeSpan.FromSeconds(30),
};
var total = (int)(rate * seconds);
var latencies = new double[total];
var failures = 0;
var clock = Stopwatch.StartNew();
var tasks = new List<Task>(total);
for (var i = 0; i < total; i++)
{
    var due = i / rate;
    var wait = due - clock.Elapsed.TotalSeconds;
    if (wait > 0.001)
    {
        await Task.Delay(TimeSpan.FromSeconds(wait));
    }
    var index = i;
    tasks.Add(Task.Run(async () =>
    {
        try
        {
            using var content = new ByteArrayContent(bodies[index % bodies.Length]);
            content.Headers.ContentType = new("application/json");
            using var response = await client.PostAsync(url, content);
            await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Interlocked.Increment(ref failures);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Interlocked.Increment(ref failures); // refused, or not answered within the client's 30 s
        }
        latencies[index] = (clock.Elapsed.TotalSeconds - due) * 1000;
    }));
}
await Task.WhenAll(tasks);
Array.Sort(latencies);
string At(double q) => latencies[Math.Min(total - 1, (int)Math.Ceiling(q * total) - 1)].ToString("0.00", CultureInfo.InvariantCulture);
Console.WriteLine(new StringBuilder().Append(At(0.50)).Append(' ').Append(At(0.99)).Append(' ').Append(total).Append(' ').Append(failures));
return 0;
