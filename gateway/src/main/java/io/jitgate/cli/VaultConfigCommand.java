package io.jitgate.cli;

import io.jitgate.aws.AwsOperations;
import io.jitgate.provision.DevBootstrap;
import io.jitgate.provision.LeastPrivilegeCheck;
import io.jitgate.provision.ProvisioningPlan;
import io.jitgate.tools.SchemaCompiler;
import io.jitgate.tools.ToolCatalog;
import io.jitgate.tools.ToolLoader;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jitgate vault-config render|apply}: least privilege by construction. Both derive the plan
 * from the tool catalogue ({@link ProvisioningPlan}) and refuse it if {@link LeastPrivilegeCheck}
 * finds a problem.
 */
@Command(name = "vault-config", description = "Render or apply the IAM and Vault material the tool catalogue needs.",
        subcommands = {VaultConfigCommand.Render.class, VaultConfigCommand.Apply.class})
final class VaultConfigCommand {
    static final String MOTO_ACCOUNT = "123456789012";

    static ToolCatalog load(Vertx vertx, Path tools) {
        return new ToolLoader(new SchemaCompiler(vertx.fileSystem()), AwsOperations.builtIn()).load(tools);
    }

    static void check(ToolCatalog catalog, ProvisioningPlan plan, List<String> unscoped) {
        List<String> problems = LeastPrivilegeCheck.violations(catalog, plan, unscoped);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the plan is not least privilege: " + String.join("; ", problems));
        }
    }

    @Command(name = "render", description = "Write each tool's IAM role policy and trust policy, the Vault role definitions, "
            + "Vault's IAM identity policy, and the gateway's Vault ACL and AppRole, as files.")
    static final class Render implements Callable<Integer> {
        @Option(names = "--tools", defaultValue = "${env:JITGATE_ROOT:-.}/tools", description = "the tool catalogue (default: ${DEFAULT-VALUE})")
        Path tools;

        @Option(names = "--out", defaultValue = "${env:JITGATE_ROOT:-.}/.jitgate/vault-config", description = "where to write (default: ${DEFAULT-VALUE})")
        Path out;

        @Option(names = "--account-id", defaultValue = MOTO_ACCOUNT, description = "the AWS account of the tool roles (default: moto's)")
        String accountId;

        @Option(names = "--vault-principal-arn", description = "the IAM identity of Vault's AWS engine, the only one the roles trust "
                + "(default: the dev stack's user " + DevBootstrap.VAULT_IAM_USER + " in --account-id)")
        String vaultPrincipal;

        @Option(names = "--mount", defaultValue = "aws", description = "the AWS secrets engine's mount")
        String mount;

        @Option(names = "--moto", description = "render for moto: actions it checks only against \"*\" get \"*\" (see vault-config/README.md)")
        boolean moto;

        @Override
        public Integer call() throws Exception {
            Vertx vertx = Vertx.vertx();
            try {
                ToolCatalog catalog = load(vertx, tools);
                String principal = vaultPrincipal != null ? vaultPrincipal
                        : "arn:aws:iam::" + accountId + ":user/" + DevBootstrap.VAULT_IAM_USER;
                List<String> unscoped = moto ? DevBootstrap.MOTO_UNSCOPED_ACTIONS : List.of();
                ProvisioningPlan plan = ProvisioningPlan.of(catalog, accountId, principal, mount, unscoped);
                check(catalog, plan, unscoped);
                for (Map.Entry<String, String> file : plan.files().entrySet()) {
                    Path target = out.resolve(file.getKey());
                    Files.createDirectories(target.getParent());
                    Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
                }
                System.out.println("jitgate: rendered " + plan.files().size() + " files for " + plan.roles().size() + " tools into " + out);
                return 0;
            } finally {
                vertx.close();
            }
        }
    }

    @Command(name = "apply", description = "Apply the plan to a fresh development stack: IAM in moto (Vault's IAM user, the tool "
            + "roles) and OpenBao (the AWS engine pointed at moto, the tool roles, the gateway's ACL and AppRole). "
            + "The dev bootstrap does exactly this, plus sample data and switching moto's authentication on.")
    static final class Apply implements Callable<Integer> {
        @Option(names = "--tools", defaultValue = "${env:JITGATE_ROOT:-.}/tools")
        Path tools;

        @Option(names = "--moto", required = true, description = "moto's URL (authentication not yet enforced)")
        URI moto;

        @Option(names = "--bao", required = true, description = "OpenBao's URL")
        String bao;

        @Option(names = "--bao-token-file", required = true, description = "a file holding an OpenBao token allowed to provision")
        Path baoTokenFile;

        @Option(names = "--plugin", defaultValue = "openbao-plugin-secrets-aws")
        String plugin;

        @Option(names = "--region", defaultValue = "us-east-1")
        String region;

        @Option(names = "--secret-id-file", required = true, description = "where to write the gateway's AppRole secret id (mode 600)")
        Path secretIdFile;

        @Override
        public Integer call() throws Exception {
            String token = Files.readString(baoTokenFile, StandardCharsets.UTF_8).trim();
            Vertx vertx = Vertx.vertx();
            try {
                DevBootstrap.Result result = new DevBootstrap(tools, moto, bao, token, plugin, region).run(vertx, false, false);
                DevSetupCommand.writePrivate(secretIdFile, result.secretId());
                System.out.println("jitgate: applied " + result.roleArns().size() + " tool roles; gateway role id " + result.roleId()
                        + ", secret id in " + secretIdFile);
                return 0;
            } finally {
                vertx.close();
            }
        }
    }
}
