using Microsoft.AspNetCore.Http;
using Zhtp.Storage.S3.Index;

namespace Zhtp.Storage.S3.Http;

internal sealed partial class S3Handler
{
    private Task ListBucketsAsync(S3Request r)
    {
        IReadOnlyList<BucketRecord> buckets = index.ListBuckets(r.Owner);
        return S3Xml.WriteAsync(r.Context.Response, 200, "ListAllMyBucketsResult", w =>
        {
            w.WriteStartElement("Owner");
            w.Element("ID", r.Owner);
            w.Element("DisplayName", r.Auth.Key.AccessKeyId);
            w.WriteEndElement();
            w.WriteStartElement("Buckets");
            foreach (BucketRecord bucket in buckets)
            {
                w.WriteStartElement("Bucket");
                w.Element("Name", bucket.Name);
                w.Element("CreationDate", S3Xml.IsoDate(bucket.Created));
                w.WriteEndElement();
            }

            w.WriteEndElement();
        });
    }

    private async Task CreateBucketAsync(S3Request r, CancellationToken cancellationToken)
    {
        // The body may carry CreateBucketConfiguration/LocationConstraint: one node has one location, so it is read and ignored.
        await r.Auth.Body.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        switch (index.CreateBucket(r.Bucket, r.Owner, time.GetUtcNow()))
        {
            case BucketCreation.AlreadyOwnedByYou:
                throw new S3Exception(409, "BucketAlreadyOwnedByYou", "The bucket you tried to create already exists, and you own it.") { Details = [new("BucketName", r.Bucket)] };
            case BucketCreation.AlreadyExists:
                throw new S3Exception(409, "BucketAlreadyExists", "The requested bucket name is not available: another access key's identity owns it. Select a different name.") { Details = [new("BucketName", r.Bucket)] };
        }

        r.Context.Response.StatusCode = 200;
        r.Context.Response.Headers.Location = "/" + r.Bucket;
    }

    private async Task DeleteBucketAsync(S3Request r)
    {
        OwnedBucket(r);
        IReadOnlyList<string> uploads = index.DeleteBucket(r.Bucket)
            ?? throw new S3Exception(409, "BucketNotEmpty", "The bucket you tried to delete is not empty: delete its objects first.") { Details = [new("BucketName", r.Bucket)] };
        foreach (string upload in uploads)
        {
            await DropAssemblyAsync(r, upload).ConfigureAwait(false);
            parts.Delete(upload);
        }

        r.Context.Response.StatusCode = 204;
    }

    private Task HeadBucketAsync(S3Request r)
    {
        OwnedBucket(r);
        r.Context.Response.StatusCode = 200;
        r.Context.Response.Headers["x-amz-bucket-region"] = options.Region;
        return Task.CompletedTask;
    }

    private Task GetBucketLocationAsync(S3Request r)
    {
        OwnedBucket(r);
        string location = options.Region == "us-east-1" ? "" : options.Region;
        return S3Xml.WriteAsync(r.Context.Response, 200, "LocationConstraint", w => w.WriteString(location));
    }

    private Task GetBucketVersioningAsync(S3Request r)
    {
        OwnedBucket(r);
        return S3Xml.WriteAsync(r.Context.Response, 200, "VersioningConfiguration", _ => { });
    }
}
