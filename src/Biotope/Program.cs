using Biotope.Infrastructure;

return await Cli.RunAsync(args);
